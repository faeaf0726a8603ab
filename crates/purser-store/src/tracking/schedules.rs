//! Known places, vessels, services and the port calls of vessel voyages, as the
//! Commercial Schedules and transport events leave them.

use crate::bulk::insert_rows;
use crate::db::Db;
use crate::rows::json;
use crate::{Result, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, OnConflict, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Location {
    pub code: String,
    pub name: String,
    pub time_zone: Option<String>,
}

/// Adds places not yet known (a known one keeps its name).
pub async fn add_locations(db: &mut impl Db, rows: &[Location]) -> Result<u64> {
    insert_rows(
        db,
        "locations",
        &["code", "name", "time_zone"],
        rows,
        Some(&["code"]),
        |l| {
            vec![
                Expr::val(l.code.as_str()),
                Expr::val(l.name.as_str()),
                Expr::val(l.time_zone.clone()),
            ]
        },
    )
    .await
}

pub async fn locations(db: &mut impl Db) -> Result<Vec<Location>> {
    let q = Query::select()
        .column(Asterisk)
        .from("locations")
        .order_by("code", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Vessel {
    pub imo: String,
    pub name: String,
    pub flag: Option<String>,
    pub call_sign: Option<String>,
    pub operator: Option<String>,
    pub updated_at: i64,
}

/// Inserts vessels or refreshes their particulars.
pub async fn upsert_vessels(db: &mut impl Db, rows: &[Vessel]) -> Result<()> {
    for chunk in rows.chunks(400) {
        let mut q = Query::insert();
        q.into_table("vessels").columns([
            "imo",
            "name",
            "flag",
            "call_sign",
            "operator",
            "updated_at",
        ]);
        for v in chunk {
            q.values_panic([
                Expr::val(v.imo.as_str()),
                Expr::val(v.name.as_str()),
                Expr::val(v.flag.clone()),
                Expr::val(v.call_sign.clone()),
                Expr::val(v.operator.clone()),
                Expr::val(v.updated_at),
            ]);
        }
        q.on_conflict(
            OnConflict::column("imo")
                .update_columns(["name", "flag", "call_sign", "operator", "updated_at"])
                .to_owned(),
        );
        db.execute(&q).await?;
    }
    Ok(())
}

pub async fn vessel(db: &mut impl Db, imo: &str) -> Result<Option<Vessel>> {
    let q = Query::select()
        .column(Asterisk)
        .from("vessels")
        .and_where(Expr::col("imo").eq(imo))
        .take();
    db.fetch_optional(&q).await
}

pub async fn vessels(db: &mut impl Db) -> Result<Vec<Vessel>> {
    let q = Query::select()
        .column(Asterisk)
        .from("vessels")
        .order_by("name", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn add_services(db: &mut impl Db, rows: &[(String, String)]) -> Result<u64> {
    insert_rows(
        db,
        "services",
        &["code", "name"],
        rows,
        Some(&["code"]),
        |(c, n)| vec![Expr::val(c.as_str()), Expr::val(n.as_str())],
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct PortCall {
    pub id: Uuid,
    pub vessel_imo: String,
    pub voyage: String,
    pub service_code: Option<String>,
    pub location: String,
    pub seq: i64,
    pub arrival_planned: Option<i64>,
    pub arrival_estimated: Option<i64>,
    pub arrival_actual: Option<i64>,
    pub departure_planned: Option<i64>,
    pub departure_estimated: Option<i64>,
    pub departure_actual: Option<i64>,
    /// Cut-off code (DCO, VCO, FCO, LCO) → time in microseconds.
    #[sqlx(json)]
    pub cutoffs: serde_json::Value,
    pub omitted: bool,
    pub updated_at: i64,
}

impl PortCall {
    /// The best arrival time known: actual, else estimated, else planned.
    pub fn arrival(&self) -> Option<i64> {
        self.arrival_actual
            .or(self.arrival_estimated)
            .or(self.arrival_planned)
    }
    pub fn departure(&self) -> Option<i64> {
        self.departure_actual
            .or(self.departure_estimated)
            .or(self.departure_planned)
    }
    /// One of the six time columns by its name (as [`set_call_time`] takes it).
    pub fn time(&self, field: &str) -> Option<i64> {
        match field {
            "arrival_planned" => self.arrival_planned,
            "arrival_estimated" => self.arrival_estimated,
            "arrival_actual" => self.arrival_actual,
            "departure_planned" => self.departure_planned,
            "departure_estimated" => self.departure_estimated,
            "departure_actual" => self.departure_actual,
            _ => None,
        }
    }
}

/// Inserts port calls or replaces their times (a schedule import is the whole truth for
/// the calls it names; the first plan of a call is kept if the new one has none).
pub async fn upsert_port_calls(db: &mut impl Db, rows: &[PortCall]) -> Result<()> {
    const COLS: [&str; 15] = [
        "id",
        "vessel_imo",
        "voyage",
        "service_code",
        "location",
        "seq",
        "arrival_planned",
        "arrival_estimated",
        "arrival_actual",
        "departure_planned",
        "departure_estimated",
        "departure_actual",
        "cutoffs",
        "omitted",
        "updated_at",
    ];
    for chunk in rows.chunks(500) {
        let mut q = Query::insert();
        q.into_table("port_calls").columns(COLS);
        for c in chunk {
            q.values_panic([
                Expr::val(c.id),
                Expr::val(c.vessel_imo.as_str()),
                Expr::val(c.voyage.as_str()),
                Expr::val(c.service_code.clone()),
                Expr::val(c.location.as_str()),
                Expr::val(c.seq),
                Expr::val(c.arrival_planned),
                Expr::val(c.arrival_estimated),
                Expr::val(c.arrival_actual),
                Expr::val(c.departure_planned),
                Expr::val(c.departure_estimated),
                Expr::val(c.departure_actual),
                json(&c.cutoffs),
                Expr::val(c.omitted),
                Expr::val(c.updated_at),
            ]);
        }
        q.on_conflict(
            OnConflict::columns(["vessel_imo", "voyage", "location"])
                .update_columns([
                    "service_code",
                    "seq",
                    "arrival_estimated",
                    "arrival_actual",
                    "departure_estimated",
                    "departure_actual",
                    "cutoffs",
                    "omitted",
                    "updated_at",
                ])
                .to_owned(),
        );
        db.execute(&q).await?;
    }
    Ok(())
}

/// Applies one transport event to its call: `field` is arrival_/departure_ +
/// planned/estimated/actual. A call not in the schedules yet is created.
pub async fn set_call_time(
    db: &mut impl Db,
    imo: &str,
    voyage: &str,
    location: &str,
    field: &'static str,
    at: i64,
) -> Result<()> {
    let mut q = Query::insert();
    q.into_table("port_calls")
        .columns([
            "id",
            "vessel_imo",
            "voyage",
            "location",
            "seq",
            field,
            "cutoffs",
            "omitted",
            "updated_at",
        ])
        .values_panic([
            Expr::val(crate::new_id()),
            Expr::val(imo),
            Expr::val(voyage),
            Expr::val(location),
            Expr::val(0i64),
            Expr::val(at),
            json(&serde_json::json!({})),
            Expr::val(false),
            Expr::val(now_micros()),
        ])
        .on_conflict(
            OnConflict::columns(["vessel_imo", "voyage", "location"])
                .update_columns([field, "updated_at"])
                .to_owned(),
        );
    db.execute(&q).await?;
    Ok(())
}

/// The calls of one vessel voyage in port order.
pub async fn voyage_calls(db: &mut impl Db, imo: &str, voyage: &str) -> Result<Vec<PortCall>> {
    let q = Query::select()
        .column(Asterisk)
        .from("port_calls")
        .and_where(Expr::col("vessel_imo").eq(imo))
        .and_where(Expr::col("voyage").eq(voyage))
        .order_by("seq", Order::Asc)
        .order_by("arrival_planned", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// Voyages known, newest first: (imo, voyage, service, calls).
pub async fn voyages(
    db: &mut impl Db,
    limit: u64,
) -> Result<Vec<(String, String, Option<String>, i64)>> {
    let q = Query::select()
        .columns(["vessel_imo", "voyage"])
        .expr(Expr::col("service_code").max())
        .expr(Expr::col(Asterisk).count())
        .from("port_calls")
        .group_by_col("vessel_imo")
        .group_by_col("voyage")
        .order_by_expr(Expr::col("arrival_planned").max(), Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

/// Sailings that leave `from` after `after` and call at `to` later on the same voyage:
/// (departure call, arrival call), soonest departure first.
pub async fn sailings(
    db: &mut impl Db,
    from: &str,
    to: &str,
    after: i64,
    limit: usize,
) -> Result<Vec<(PortCall, PortCall)>> {
    let q = Query::select()
        .column(Asterisk)
        .from("port_calls")
        .and_where(Expr::col("location").eq(from))
        .and_where(Expr::col("omitted").eq(false))
        .and_where(Expr::col("departure_planned").gt(after))
        .order_by("departure_planned", Order::Asc)
        .limit(50)
        .take();
    let departures: Vec<PortCall> = db.fetch_all(&q).await?;
    let mut out = Vec::new();
    for d in departures {
        let q = Query::select()
            .column(Asterisk)
            .from("port_calls")
            .and_where(Expr::col("vessel_imo").eq(d.vessel_imo.as_str()))
            .and_where(Expr::col("voyage").eq(d.voyage.as_str()))
            .and_where(Expr::col("location").eq(to))
            .and_where(Expr::col("omitted").eq(false))
            .take();
        if let Some(a) = db.fetch_optional::<PortCall, _>(&q).await?
            && a.arrival().zip(d.departure()).is_some_and(|(a, d)| a > d)
        {
            out.push((d, a));
            if out.len() == limit {
                break;
            }
        }
    }
    Ok(out)
}
