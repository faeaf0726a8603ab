//! Migration 6, track and trace: the places, vessels and port calls of the schedules, the
//! bookings, shipments and containers customers ask about, every DCSA event as received
//! (with the references it can be found by), the sources that push events, the
//! subscriptions that receive them, and the proactive notices sent.

use crate::db::Backend;
use crate::schema::{
    Out, alter, fk, flag, index, int, int_null, json, json_null, text, text_null, uuid, uuid_null,
};
use sea_query::{ColumnDef, ForeignKeyAction, Table};

fn pk_text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().primary_key().take()
}

pub(crate) fn tracking(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    use ForeignKeyAction::{Cascade, SetNull};

    // Known UN/LOCODEs: an event at a well-formed code not listed here is stored with a
    // warning. Filled from schedules, shipments and a bundled list of main ports.
    o.table(
        &Table::create()
            .table("locations")
            .col(pk_text("code"))
            .col(text("name"))
            .col(text_null("time_zone"))
            .take(),
    );
    o.table(
        &Table::create()
            .table("vessels")
            .col(pk_text("imo"))
            .col(text("name"))
            .col(text_null("flag"))
            .col(text_null("call_sign"))
            .col(text_null("operator"))
            .col(int("updated_at"))
            .take(),
    );
    o.table(
        &Table::create()
            .table("services")
            .col(pk_text("code"))
            .col(text("name"))
            .take(),
    );
    // One call of a vessel voyage at a port; times are the current PLN/EST/ACT of the
    // schedules and transport events, the first plan kept for the slip.
    o.table(
        &Table::create()
            .table("port_calls")
            .col(crate::schema::id())
            .col(text("vessel_imo"))
            .col(text("voyage"))
            .col(text_null("service_code"))
            .col(text("location"))
            .col(int("seq"))
            .col(int_null("arrival_planned"))
            .col(int_null("arrival_estimated"))
            .col(int_null("arrival_actual"))
            .col(int_null("departure_planned"))
            .col(int_null("departure_estimated"))
            .col(int_null("departure_actual"))
            .col(json("cutoffs"))
            .col(flag("omitted"))
            .col(int("updated_at"))
            .take(),
    );
    o.unique(index(
        "port_calls",
        "port_calls_call",
        &["vessel_imo", "voyage", "location"],
    ));
    o.index(index(
        "port_calls",
        "port_calls_departure",
        &["location", "departure_planned"],
    ));

    o.table(
        &Table::create()
            .table("bookings")
            .col(crate::schema::id())
            .col(text("reference"))
            .col(uuid("customer_id"))
            .col(text("status"))
            .col(json("requested_equipment"))
            .col(json("confirmed_equipment"))
            .col(json("cutoffs"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk("bookings", "customer_id", "customers", Cascade))
            .take(),
    );
    o.unique(index("bookings", "bookings_reference", &["reference"]));
    o.index(index("bookings", "bookings_customer", &["customer_id"]));

    o.table(
        &Table::create()
            .table("shipments")
            .col(crate::schema::id())
            .col(text("reference"))
            .col(text("booking_reference"))
            .col(uuid("customer_id"))
            .col(uuid_null("shipper_id"))
            .col(uuid_null("consignee_id"))
            .col(uuid_null("notify_id"))
            .col(text_null("place_of_receipt"))
            .col(text("port_of_loading"))
            .col(text("port_of_discharge"))
            .col(text_null("place_of_delivery"))
            .col(json("legs"))
            .col(text_null("vessel_imo"))
            .col(text_null("voyage"))
            .col(text("status"))
            .col(int_null("eta"))
            .col(text_null("eta_classifier"))
            .col(int_null("first_eta"))
            .col(int("slip_minutes"))
            .col(flag("delayed"))
            .col(int_null("last_event_at"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk("shipments", "customer_id", "customers", Cascade))
            .take(),
    );
    o.unique(index("shipments", "shipments_reference", &["reference"]));
    o.index(index(
        "shipments",
        "shipments_customer",
        &["customer_id", "updated_at"],
    ));
    o.index(index(
        "shipments",
        "shipments_vessel",
        &["vessel_imo", "voyage"],
    ));
    o.index(index(
        "shipments",
        "shipments_booking",
        &["booking_reference"],
    ));

    // Every customer a shipment concerns (booking party, shipper, consignee, notify):
    // the scope of a customer's token and of its notices.
    o.table(
        &Table::create()
            .table("shipment_parties")
            .col(uuid("shipment_id"))
            .col(uuid("customer_id"))
            .col(text("role"))
            .primary_key(
                sea_query::Index::create()
                    .col("shipment_id")
                    .col("customer_id")
                    .col("role"),
            )
            .foreign_key(&mut fk(
                "shipment_parties",
                "shipment_id",
                "shipments",
                Cascade,
            ))
            .take(),
    );
    o.index(index(
        "shipment_parties",
        "shipment_parties_customer",
        &["customer_id", "shipment_id"],
    ));
    // The numbers a shipment is found by: BKG booking, TRD transport document, EQ
    // container, VOY "imo/voyage" of each leg.
    o.table(
        &Table::create()
            .table("shipment_refs")
            .col(text("kind"))
            .col(text("value"))
            .col(uuid("shipment_id"))
            .primary_key(
                sea_query::Index::create()
                    .col("kind")
                    .col("value")
                    .col("shipment_id"),
            )
            .foreign_key(&mut fk(
                "shipment_refs",
                "shipment_id",
                "shipments",
                Cascade,
            ))
            .take(),
    );
    o.index(index(
        "shipment_refs",
        "shipment_refs_shipment",
        &["shipment_id"],
    ));

    o.table(
        &Table::create()
            .table("containers")
            .col(crate::schema::id())
            .col(uuid("shipment_id"))
            .col(text("number"))
            .col(text("iso_code"))
            .col(json("seals"))
            .col(text("fill"))
            .foreign_key(&mut fk("containers", "shipment_id", "shipments", Cascade))
            .take(),
    );
    o.unique(index(
        "containers",
        "containers_number",
        &["shipment_id", "number"],
    ));
    o.index(index("containers", "containers_by_number", &["number"]));

    o.table(
        &Table::create()
            .table("tracking_sources")
            .col(crate::schema::id())
            .col(text("name"))
            .col(text("secret"))
            .col(int("created_at"))
            .col(uuid_null("created_by"))
            .take(),
    );
    o.unique(index(
        "tracking_sources",
        "tracking_sources_name",
        &["name"],
    ));

    // Every event as received; `seq` numbers them in commit order (the cursor).
    o.table(
        &Table::create()
            .table("tnt_events")
            .col(
                ColumnDef::new("seq")
                    .big_integer()
                    .not_null()
                    .primary_key()
                    .take(),
            )
            .col(text("event_id"))
            .col(text("kind"))
            .col(text("classifier"))
            .col(text("type_code"))
            .col(int("event_at"))
            .col(int("created_at"))
            .col(int("received_at"))
            .col(uuid_null("source_id"))
            .col(text_null("location"))
            .col(text_null("vessel_imo"))
            .col(text_null("voyage"))
            .col(text_null("equipment"))
            .col(text_null("document_type"))
            .col(text_null("delay_reason"))
            .col(text("body"))
            .col(text("body_hash"))
            .col(json_null("warnings"))
            .foreign_key(&mut fk(
                "tnt_events",
                "source_id",
                "tracking_sources",
                SetNull,
            ))
            .take(),
    );
    o.unique(index("tnt_events", "tnt_events_event_id", &["event_id"]));
    o.index(index("tnt_events", "tnt_events_created", &["created_at"]));
    o.index(index(
        "tnt_events",
        "tnt_events_vessel",
        &["vessel_imo", "voyage"],
    ));
    o.index(index("tnt_events", "tnt_events_location", &["location"]));
    // The references each event can be found by (same kinds as shipment_refs), so the
    // events of one booking are an index range whatever the table holds.
    o.table(
        &Table::create()
            .table("tnt_event_refs")
            .col(text("kind"))
            .col(text("value"))
            .col(int("seq"))
            .primary_key(
                sea_query::Index::create()
                    .col("kind")
                    .col("value")
                    .col("seq"),
            )
            .take(),
    );

    o.table(
        &Table::create()
            .table("tnt_subscriptions")
            .col(crate::schema::id())
            .col(text("callback_url"))
            .col(text("secret"))
            .col(json("filters"))
            .col(uuid("owner_id"))
            .col(uuid_null("customer_id"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .take(),
    );

    // One notice per contact per change: the unique key is what makes "never twice" hold.
    o.table(
        &Table::create()
            .table("tracking_notices")
            .col(crate::schema::id())
            .col(text("change_key"))
            .col(text("change_kind"))
            .col(uuid("customer_id"))
            // "contact:<id>", "webhook" or "owner": whom it went to
            .col(text("recipient"))
            .col(uuid_null("contact_id"))
            .col(text("channel"))
            .col(text("language"))
            .col(text("subject"))
            .col(text("body"))
            .col(json("shipments"))
            .col(uuid_null("case_id"))
            .col(int("created_at"))
            .foreign_key(&mut fk(
                "tracking_notices",
                "customer_id",
                "customers",
                Cascade,
            ))
            .take(),
    );
    o.unique(index(
        "tracking_notices",
        "tracking_notices_once",
        &["change_key", "customer_id", "recipient"],
    ));
    o.index(index(
        "tracking_notices",
        "tracking_notices_customer",
        &["customer_id", "created_at"],
    ));
    o.table(
        &Table::create()
            .table("tracking_notice_shipments")
            .col(uuid("notice_id"))
            .col(uuid("shipment_id"))
            .primary_key(
                sea_query::Index::create()
                    .col("shipment_id")
                    .col("notice_id"),
            )
            .foreign_key(&mut fk(
                "tracking_notice_shipments",
                "notice_id",
                "tracking_notices",
                Cascade,
            ))
            .take(),
    );

    // Per-customer ETA slip threshold for notices (hours; default 12 when empty).
    o.sql.push(alter(
        backend,
        &Table::alter()
            .table("customers")
            .add_column(ColumnDef::new("eta_threshold_hours").big_integer().null())
            .take(),
    ));
    o.sql
}

/// Migration 7: a batch's references by event number (the apply step reads one batch's
/// references; without this it scanned every reference ever stored).
pub(crate) fn tracking_indexes(backend: Backend) -> Vec<String> {
    vec![crate::schema::build(
        backend,
        &index("tnt_event_refs", "tnt_event_refs_seq", &["seq"]),
    )]
}
