//! Table definitions, one function per migration. Column conventions: `id` UUIDv7, times in
//! BIGINT microseconds UTC, `version` counts updates (the ETag), JSON in jsonb/text,
//! lower-cased shadow columns (`*_key`, `*_lower`) instead of case-insensitive operators.

use crate::db::Backend;
use sea_query::{
    ColumnDef, ForeignKey, ForeignKeyAction, Index, IndexCreateStatement, PostgresQueryBuilder,
    SchemaBuilder, SqliteQueryBuilder, Table, TableAlterStatement, TableCreateStatement,
};

pub(crate) fn id() -> ColumnDef {
    ColumnDef::new("id").uuid().not_null().primary_key().take()
}
pub(crate) fn uuid(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).uuid().not_null().take()
}
pub(crate) fn uuid_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).uuid().null().take()
}
pub(crate) fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().take()
}
pub(crate) fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().null().take()
}
pub(crate) fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().take()
}
pub(crate) fn int_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().take()
}
pub(crate) fn flag(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .boolean()
        .not_null()
        .default(false)
        .take()
}
pub(crate) fn json(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).json_binary().not_null().take()
}
pub(crate) fn json_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).json_binary().null().take()
}
pub(crate) fn fk(
    from: &'static str,
    col: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, col)
        .to(to, "id")
        .on_delete(on_delete)
        .take()
}
pub(crate) fn index(
    table: &'static str,
    name: &'static str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(*c);
    }
    i.take()
}

pub(crate) struct Out {
    pub(crate) backend: Backend,
    pub(crate) sql: Vec<String>,
}

impl Out {
    pub(crate) fn table(&mut self, t: &TableCreateStatement) {
        self.sql.push(match self.backend {
            Backend::Sqlite => t.to_string(SqliteQueryBuilder),
            Backend::Postgres => t.to_string(PostgresQueryBuilder),
        });
    }
    pub(crate) fn index(&mut self, i: IndexCreateStatement) {
        self.sql.push(build(self.backend, &i));
    }
    pub(crate) fn unique(&mut self, mut i: IndexCreateStatement) {
        i.unique();
        self.index(i);
    }
}

pub(crate) fn build(backend: Backend, i: &IndexCreateStatement) -> String {
    fn b<S: SchemaBuilder>(i: &IndexCreateStatement, s: S) -> String {
        i.to_string(s)
    }
    match backend {
        Backend::Sqlite => b(i, SqliteQueryBuilder),
        Backend::Postgres => b(i, PostgresQueryBuilder),
    }
}

/// The SQL of an ALTER TABLE for `backend`.
pub(crate) fn alter(backend: Backend, a: &TableAlterStatement) -> String {
    match backend {
        Backend::Sqlite => a.to_string(SqliteQueryBuilder),
        Backend::Postgres => a.to_string(PostgresQueryBuilder),
    }
}

/// Byte-order text for prefix ranges (`term >= 'ever' AND term < 'ever\u{10FFFF}'`):
/// SQLite's default is already binary; PostgreSQL needs the "C" collation said.
pub(crate) fn binary_text(backend: Backend, name: &'static str) -> ColumnDef {
    let mut c = text(name);
    if backend == Backend::Postgres {
        c.extra("COLLATE \"C\"");
    }
    c
}

pub(crate) fn foundation(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    use ForeignKeyAction::{Cascade, Restrict, SetNull};

    o.table(
        &Table::create()
            .table("counters")
            .col(ColumnDef::new("name").text().not_null().primary_key())
            .col(int("value"))
            .take(),
    );

    o.table(
        &Table::create()
            .table("departments")
            .col(id())
            .col(text("name"))
            .col(text("kind"))
            .col(text("email"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .take(),
    );
    o.unique(index("departments", "departments_name", &["name"]));

    o.table(
        &Table::create()
            .table("customers")
            .col(id())
            .col(text("number"))
            .col(text("status"))
            .col(text("legal_name"))
            .col(text("legal_name_key"))
            .col(binary_text(backend, "name_sort"))
            .col(text_null("local_name"))
            .col(text_null("local_name_key"))
            .col(json("addresses"))
            .col(text_null("registration_id"))
            .col(text_null("tax_id"))
            .col(text_null("main_office"))
            .col(text("tier"))
            .col(flag("key_account"))
            .col(uuid_null("account_owner_id"))
            .col(uuid_null("sales_owner_id"))
            .col(text("language"))
            .col(text("preferred_channel"))
            .col(text("time_zone"))
            .col(text("service_requirements"))
            .col(json("possible_duplicates"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .take(),
    );
    o.unique(index("customers", "customers_number", &["number"]));
    o.index(index(
        "customers",
        "customers_name_sort",
        &["name_sort", "id"],
    ));
    o.index(index(
        "customers",
        "customers_legal_name_key",
        &["legal_name_key"],
    ));
    o.index(index(
        "customers",
        "customers_local_name_key",
        &["local_name_key"],
    ));
    o.index(index(
        "customers",
        "customers_updated",
        &["updated_at", "id"],
    ));
    o.index(index(
        "customers",
        "customers_owner",
        &["account_owner_id", "name_sort"],
    ));
    o.index(index(
        "customers",
        "customers_sales_owner",
        &["sales_owner_id", "name_sort"],
    ));

    // Search terms of a customer (name words, CJK bigrams, ids, contact e-mails): an
    // index-backed prefix search that behaves the same on both backends.
    o.table(
        &Table::create()
            .table("customer_terms")
            .col(binary_text(backend, "term"))
            .col(uuid("customer_id"))
            .primary_key(Index::create().col("term").col("customer_id"))
            .foreign_key(&mut fk(
                "customer_terms",
                "customer_id",
                "customers",
                Cascade,
            ))
            .take(),
    );
    o.index(index(
        "customer_terms",
        "customer_terms_customer",
        &["customer_id"],
    ));

    o.table(
        &Table::create()
            .table("users")
            .col(id())
            .col(text("email"))
            .col(text("email_lower"))
            .col(text("name"))
            .col(text("role"))
            .col(uuid_null("department_id"))
            .col(uuid_null("customer_id"))
            .col(text("language"))
            .col(text("password_hash"))
            .col(flag("active"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk("users", "department_id", "departments", SetNull))
            .foreign_key(&mut fk("users", "customer_id", "customers", Restrict))
            .take(),
    );
    o.unique(index("users", "users_email_lower", &["email_lower"]));
    o.index(index("users", "users_customer", &["customer_id"]));

    o.table(
        &Table::create()
            .table("sessions")
            .col(ColumnDef::new("token_hash").text().not_null().primary_key())
            .col(uuid("user_id"))
            .col(text("csrf_token"))
            .col(int("created_at"))
            .col(int("expires_at"))
            .col(int("last_seen_at"))
            .foreign_key(&mut fk("sessions", "user_id", "users", Cascade))
            .take(),
    );
    o.index(index("sessions", "sessions_user", &["user_id"]));

    o.table(
        &Table::create()
            .table("api_tokens")
            .col(id())
            .col(uuid("user_id"))
            .col(text("name"))
            .col(text("token_hash"))
            .col(int("created_at"))
            .col(int_null("last_used_at"))
            .col(int_null("revoked_at"))
            .foreign_key(&mut fk("api_tokens", "user_id", "users", Cascade))
            .take(),
    );
    o.unique(index("api_tokens", "api_tokens_hash", &["token_hash"]));

    o.table(
        &Table::create()
            .table("login_failures")
            .col(text("key"))
            .col(int("at"))
            .take(),
    );
    o.index(index(
        "login_failures",
        "login_failures_key",
        &["key", "at"],
    ));

    o.table(
        &Table::create()
            .table("contacts")
            .col(id())
            .col(uuid("customer_id"))
            .col(text("name"))
            .col(text("role_title"))
            .col(json("emails"))
            .col(json("phones"))
            .col(text("language"))
            .col(text("preferred_channel"))
            .col(json("notifications"))
            .col(flag("portal_access"))
            .col(flag("archived"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk("contacts", "customer_id", "customers", Restrict))
            .take(),
    );
    o.index(index(
        "contacts",
        "contacts_customer",
        &["customer_id", "name"],
    ));

    // Every address of a contact, lower-cased: the e-mail channel finds senders here.
    o.table(
        &Table::create()
            .table("contact_emails")
            .col(text("email_lower"))
            .col(uuid("contact_id"))
            .col(uuid("customer_id"))
            .primary_key(Index::create().col("email_lower").col("contact_id"))
            .foreign_key(&mut fk("contact_emails", "contact_id", "contacts", Cascade))
            .take(),
    );
    o.index(index(
        "contact_emails",
        "contact_emails_contact",
        &["contact_id"],
    ));

    o.table(
        &Table::create()
            .table("contracts")
            .col(id())
            .col(uuid("customer_id"))
            .col(text("reference"))
            .col(text("valid_from"))
            .col(text("valid_to"))
            .col(json("lanes"))
            .col(json("service_levels"))
            .col(json("free_time"))
            .col(json("authority_limits"))
            .col(text("notes"))
            .col(flag("archived"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk("contracts", "customer_id", "customers", Restrict))
            .take(),
    );
    o.unique(index("contracts", "contracts_reference", &["reference"]));
    o.index(index(
        "contracts",
        "contracts_customer",
        &["customer_id", "valid_from"],
    ));

    o.table(
        &Table::create()
            .table("activities")
            .col(id())
            .col(uuid("customer_id"))
            .col(uuid_null("contact_id"))
            .col(text("kind"))
            .col(int("occurred_at"))
            .col(text("subject"))
            .col(text("notes"))
            .col(uuid("user_id"))
            .col(flag("archived"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk("activities", "customer_id", "customers", Restrict))
            .take(),
    );
    o.index(index(
        "activities",
        "activities_customer",
        &["customer_id", "occurred_at"],
    ));

    o.table(
        &Table::create()
            .table("handovers")
            .col(id())
            .col(uuid("customer_id"))
            .col(uuid("from_user_id"))
            .col(uuid("owner_id"))
            .col(json("checklist"))
            .col(text("notes"))
            .col(text("status"))
            .col(int("created_at"))
            .col(int_null("completed_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk("handovers", "customer_id", "customers", Restrict))
            .take(),
    );
    o.index(index("handovers", "handovers_customer", &["customer_id"]));
    o.index(index(
        "handovers",
        "handovers_owner",
        &["owner_id", "status"],
    ));

    o.table(
        &Table::create()
            .table("audit")
            .col(id())
            .col(int("at"))
            .col(uuid_null("actor_id"))
            .col(text("actor_label"))
            .col(text("action"))
            .col(text("object_type"))
            .col(uuid("object_id"))
            .col(uuid_null("customer_id"))
            .col(json_null("before"))
            .col(json_null("after"))
            .col(text_null("request_id"))
            .take(),
    );
    o.index(index(
        "audit",
        "audit_object",
        &["object_type", "object_id", "id"],
    ));
    o.index(index("audit", "audit_customer", &["customer_id", "id"]));

    o.table(
        &Table::create()
            .table("notifications")
            .col(id())
            .col(uuid("user_id"))
            .col(text("kind"))
            .col(text("title"))
            .col(text("body"))
            .col(text("link"))
            .col(int("created_at"))
            .col(int_null("read_at"))
            .foreign_key(&mut fk("notifications", "user_id", "users", Cascade))
            .take(),
    );
    o.index(index(
        "notifications",
        "notifications_user",
        &["user_id", "read_at", "created_at"],
    ));

    o.table(
        &Table::create()
            .table("outbox")
            .col(id())
            .col(text("topic"))
            .col(json("payload"))
            .col(int("created_at"))
            .col(int("available_at"))
            .col(
                ColumnDef::new("attempts")
                    .big_integer()
                    .not_null()
                    .default(0),
            )
            .col(int_null("done_at"))
            .col(text_null("last_error"))
            .take(),
    );
    o.index(index(
        "outbox",
        "outbox_pending",
        &["done_at", "available_at"],
    ));

    o.table(
        &Table::create()
            .table("idempotency_keys")
            .col(uuid("user_id"))
            .col(text("key"))
            .col(text("request_hash"))
            .col(int("status"))
            .col(text("body"))
            .col(text_null("location"))
            .col(int("created_at"))
            .primary_key(Index::create().col("user_id").col("key"))
            .take(),
    );

    // The audit trail is append-only for everyone, the application included.
    match backend {
        Backend::Sqlite => {
            o.sql.push("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END".into());
            o.sql.push("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END".into());
        }
        Backend::Postgres => {
            o.sql.push("CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit is append-only'; END $$".into());
            o.sql.push("CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()".into());
        }
    }
    o.sql
}

/// The e-mail index is read per customer (search terms, the mail channel's domain lookup).
pub(crate) fn contact_emails_by_customer(backend: Backend) -> Vec<String> {
    vec![build(
        backend,
        &index(
            "contact_emails",
            "contact_emails_customer",
            &["customer_id"],
        ),
    )]
}

/// The service desk: teams and agents, calendars and SLA policies, cases with their
/// conversation, clocks, promises, department tasks, complaints, links and shift hand-overs.
pub(crate) fn service_desk(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    use ForeignKeyAction::{Cascade, Restrict, SetNull};
    let versioned = |t: &mut TableCreateStatement| {
        t.col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"));
    };

    let mut t = Table::create()
        .table("calendars")
        .col(id())
        .col(text("name"))
        .col(json("spec"))
        .take();
    versioned(&mut t);
    o.table(&t);
    o.unique(index("calendars", "calendars_name", &["name"]));

    // A team is a queue: it takes cases of some lanes, regions or tiers; in a busy period
    // its overflow team's agents take its cases too.
    let mut t = Table::create()
        .table("teams")
        .col(id())
        .col(text("name"))
        .col(text_null("email"))
        .col(json("lanes"))
        .col(json("regions"))
        .col(json("tiers"))
        .col(uuid_null("overflow_team_id"))
        .col(flag("busy_period"))
        .col(uuid_null("calendar_id"))
        .foreign_key(&mut fk("teams", "calendar_id", "calendars", SetNull))
        .take();
    versioned(&mut t);
    o.table(&t);
    o.unique(index("teams", "teams_name", &["name"]));

    o.table(
        &Table::create()
            .table("team_members")
            .col(uuid("team_id"))
            .col(uuid("user_id"))
            .primary_key(Index::create().col("team_id").col("user_id"))
            .foreign_key(&mut fk("team_members", "team_id", "teams", Cascade))
            .foreign_key(&mut fk("team_members", "user_id", "users", Cascade))
            .take(),
    );
    o.index(index("team_members", "team_members_user", &["user_id"]));

    o.table(
        &Table::create()
            .table("agent_profiles")
            .col(ColumnDef::new("user_id").uuid().not_null().primary_key())
            .col(text("status"))
            .col(int("capacity"))
            .col(json("languages"))
            .col(json("lanes"))
            .col(json("case_types"))
            .col(int_null("last_assigned_at"))
            .col(int("updated_at"))
            .foreign_key(&mut fk("agent_profiles", "user_id", "users", Cascade))
            .take(),
    );

    o.table(
        &Table::create()
            .table("absences")
            .col(id())
            .col(uuid("user_id"))
            .col(int("starts_at"))
            .col(int("ends_at"))
            .col(uuid_null("substitute_id"))
            .col(text("reason"))
            .col(int("created_at"))
            .foreign_key(&mut fk("absences", "user_id", "users", Cascade))
            .foreign_key(&mut fk("absences", "substitute_id", "users", SetNull))
            .take(),
    );
    o.index(index("absences", "absences_user", &["user_id", "ends_at"]));

    let mut t = Table::create()
        .table("sla_policies")
        .col(id())
        .col(text("name"))
        .col(int("position"))
        .col(text_null("tier"))
        .col(uuid_null("contract_id"))
        .col(text_null("case_type"))
        .col(text_null("priority"))
        .col(int_null("first_response_mins"))
        .col(int_null("next_response_mins"))
        .col(int_null("resolution_mins"))
        .col(int("warn_percent"))
        .col(uuid_null("calendar_id"))
        .col(flag("escalate_raise_priority"))
        .col(uuid_null("escalate_to_team_id"))
        .foreign_key(&mut fk(
            "sla_policies",
            "calendar_id",
            "calendars",
            Restrict,
        ))
        .foreign_key(&mut fk("sla_policies", "contract_id", "contracts", Cascade))
        .take();
    versioned(&mut t);
    o.table(&t);

    let mut t = Table::create()
        .table("cases")
        .col(id())
        .col(text("number"))
        .col(text("subject"))
        .col(text("case_type"))
        .col(text("channel"))
        .col(text("status"))
        .col(flag("active"))
        .col(text("priority"))
        .col(text("language"))
        .col(uuid_null("customer_id"))
        .col(uuid_null("contact_id"))
        .col(uuid_null("team_id"))
        .col(uuid_null("assignee_id"))
        .col(text("assign_reason"))
        .col(json("tags"))
        .col(text_null("lane"))
        .col(uuid_null("sla_policy_id"))
        .col(int_null("first_response_at"))
        .col(int_null("resolved_at"))
        // the earliest running SLA deadline and its warning, for the inbox's order
        .col(int_null("due_at"))
        .col(int_null("warn_at"))
        .col(text("sla_state"))
        .col(int("last_message_at"))
        .col(int("message_count"))
        .col(uuid_null("parent_id"))
        .col(uuid_null("merged_into_id"))
        .col(int_null("rating"))
        .col(text_null("rating_comment"))
        .foreign_key(&mut fk("cases", "customer_id", "customers", Restrict))
        .foreign_key(&mut fk("cases", "contact_id", "contacts", SetNull))
        .foreign_key(&mut fk("cases", "team_id", "teams", SetNull))
        .foreign_key(&mut fk("cases", "assignee_id", "users", SetNull))
        .take();
    versioned(&mut t);
    o.table(&t);
    o.unique(index("cases", "cases_number", &["number"]));
    o.index(index(
        "cases",
        "cases_assignee",
        &["assignee_id", "active", "due_at"],
    ));
    o.index(index(
        "cases",
        "cases_team",
        &["team_id", "active", "due_at"],
    ));
    o.index(index("cases", "cases_risk", &["active", "warn_at"]));
    o.index(index("cases", "cases_queue", &["active", "due_at"]));
    o.index(index(
        "cases",
        "cases_customer",
        &["customer_id", "last_message_at"],
    ));
    o.index(index("cases", "cases_updated", &["updated_at", "id"]));

    o.table(
        &Table::create()
            .table("case_refs")
            .col(uuid("case_id"))
            .col(text("kind"))
            .col(text("value"))
            .primary_key(Index::create().col("case_id").col("kind").col("value"))
            .foreign_key(&mut fk("case_refs", "case_id", "cases", Cascade))
            .take(),
    );
    o.index(index("case_refs", "case_refs_value", &["value", "kind"]));

    o.table(
        &Table::create()
            .table("case_messages")
            .col(id())
            .col(uuid("case_id"))
            .col(int("seq"))
            .col(text("kind"))
            .col(text("direction"))
            .col(uuid_null("author_id"))
            .col(text("author_name"))
            .col(text("body"))
            .col(json("mentions"))
            .col(json("meta"))
            .col(uuid_null("outbox_id"))
            .col(text_null("delivery"))
            .col(int("created_at"))
            .foreign_key(&mut fk("case_messages", "case_id", "cases", Cascade))
            .take(),
    );
    o.unique(index(
        "case_messages",
        "case_messages_seq",
        &["case_id", "seq"],
    ));

    // Attachment bytes are kept once per content hash, however many messages carry them.
    o.table(
        &Table::create()
            .table("blobs")
            .col(ColumnDef::new("sha256").text().not_null().primary_key())
            .col(int("size"))
            .col(ColumnDef::new("data").blob().not_null())
            .col(int("created_at"))
            .take(),
    );
    o.table(
        &Table::create()
            .table("attachments")
            .col(id())
            .col(uuid("message_id"))
            .col(uuid("case_id"))
            .col(text("sha256"))
            .col(text("filename"))
            .col(text("content_type"))
            .col(int("size"))
            .foreign_key(&mut fk(
                "attachments",
                "message_id",
                "case_messages",
                Cascade,
            ))
            .foreign_key(
                ForeignKey::create()
                    .from("attachments", "sha256")
                    .to("blobs", "sha256")
                    .on_delete(Restrict),
            )
            .take(),
    );
    o.index(index("attachments", "attachments_message", &["message_id"]));
    o.index(index("attachments", "attachments_case", &["case_id"]));

    // One row per SLA target of a case; `pauses` holds the waiting-on-customer intervals.
    o.table(
        &Table::create()
            .table("case_clocks")
            .col(uuid("case_id"))
            .col(text("target"))
            .col(int("started_at"))
            .col(int("target_mins"))
            .col(json("pauses"))
            .col(int_null("stopped_at"))
            .col(int_null("due_at"))
            .col(int_null("warn_at"))
            .col(text("state"))
            .col(int_null("warned_at"))
            .col(int_null("breached_at"))
            .primary_key(Index::create().col("case_id").col("target"))
            .foreign_key(&mut fk("case_clocks", "case_id", "cases", Cascade))
            .take(),
    );
    o.index(index(
        "case_clocks",
        "case_clocks_due",
        &["state", "due_at"],
    ));
    o.index(index(
        "case_clocks",
        "case_clocks_warn",
        &["state", "warn_at"],
    ));

    o.table(
        &Table::create()
            .table("sla_events")
            .col(id())
            .col(uuid("case_id"))
            .col(text("target"))
            .col(text("event"))
            .col(text("detail"))
            .col(int("at"))
            .foreign_key(&mut fk("sla_events", "case_id", "cases", Cascade))
            .take(),
    );
    o.index(index("sla_events", "sla_events_case", &["case_id", "id"]));

    let mut t = Table::create()
        .table("reply_templates")
        .col(id())
        .col(text("name"))
        .col(text("language"))
        .col(text("subject"))
        .col(text("body"))
        .take();
    versioned(&mut t);
    o.table(&t);
    o.unique(index(
        "reply_templates",
        "reply_templates_name",
        &["name", "language"],
    ));

    o.table(
        &Table::create()
            .table("follow_ups")
            .col(id())
            .col(uuid("case_id"))
            .col(uuid("agent_id"))
            .col(text("action"))
            .col(int("due_at"))
            .col(int("remind_at"))
            .col(int_null("reminded_at"))
            .col(int_null("escalated_at"))
            .col(int_null("done_at"))
            .col(text_null("outcome"))
            .col(int("created_at"))
            .foreign_key(&mut fk("follow_ups", "case_id", "cases", Cascade))
            .foreign_key(&mut fk("follow_ups", "agent_id", "users", Cascade))
            .take(),
    );
    o.index(index("follow_ups", "follow_ups_case", &["case_id"]));
    o.index(index(
        "follow_ups",
        "follow_ups_due",
        &["done_at", "due_at"],
    ));
    o.index(index(
        "follow_ups",
        "follow_ups_agent",
        &["agent_id", "done_at"],
    ));

    o.table(
        &Table::create()
            .table("dept_tasks")
            .col(id())
            .col(uuid("case_id"))
            .col(text("department"))
            .col(text("question"))
            .col(int("due_at"))
            .col(uuid("asked_by"))
            .col(int("asked_at"))
            .col(uuid_null("answered_by"))
            .col(text_null("answer"))
            .col(int_null("answered_at"))
            .foreign_key(&mut fk("dept_tasks", "case_id", "cases", Cascade))
            .take(),
    );
    o.index(index("dept_tasks", "dept_tasks_case", &["case_id"]));
    o.index(index(
        "dept_tasks",
        "dept_tasks_queue",
        &["department", "answered_at", "due_at"],
    ));

    o.table(
        &Table::create()
            .table("complaint_steps")
            .col(uuid("case_id"))
            .col(text("step"))
            .col(text("note"))
            .col(uuid("actor_id"))
            .col(int("created_at"))
            .primary_key(Index::create().col("case_id").col("step"))
            .foreign_key(&mut fk("complaint_steps", "case_id", "cases", Cascade))
            .take(),
    );

    o.table(
        &Table::create()
            .table("goodwill")
            .col(id())
            .col(uuid("case_id"))
            .col(text("kind"))
            .col(text("amount"))
            .col(text("currency"))
            .col(text("reason"))
            .col(text("state"))
            .col(text("authority_limit"))
            .col(uuid("requested_by"))
            .col(uuid_null("decided_by"))
            .col(int("created_at"))
            .col(int_null("decided_at"))
            .foreign_key(&mut fk("goodwill", "case_id", "cases", Cascade))
            .take(),
    );
    o.index(index("goodwill", "goodwill_case", &["case_id"]));
    o.index(index(
        "goodwill",
        "goodwill_state",
        &["state", "created_at"],
    ));

    o.table(
        &Table::create()
            .table("case_links")
            .col(uuid("case_id"))
            .col(uuid("other_id"))
            .col(text("kind"))
            .col(int("created_at"))
            .primary_key(Index::create().col("case_id").col("other_id"))
            .foreign_key(&mut fk("case_links", "case_id", "cases", Cascade))
            .foreign_key(&mut fk("case_links", "other_id", "cases", Cascade))
            .take(),
    );
    o.index(index("case_links", "case_links_other", &["other_id"]));

    o.table(
        &Table::create()
            .table("shift_handovers")
            .col(id())
            .col(uuid("from_user_id"))
            .col(uuid_null("to_user_id"))
            .col(json("report"))
            .col(text("notes"))
            .col(int("created_at"))
            .col(uuid_null("acknowledged_by"))
            .col(int_null("acknowledged_at"))
            .foreign_key(&mut fk("shift_handovers", "from_user_id", "users", Cascade))
            .take(),
    );
    o.index(index(
        "shift_handovers",
        "shift_handovers_open",
        &["acknowledged_at", "created_at"],
    ));
    o.sql
}

/// The e-mail channel: every raw message as received (stored before anything else), the
/// message ids threading follows, acknowledgement and bounce records, and contacts that
/// arrived by e-mail awaiting review.
pub(crate) fn mail(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    use ForeignKeyAction::SetNull;
    o.table(
        &Table::create()
            .table("mail_raw")
            .col(id())
            .col(text("sha256"))
            .col(text_null("message_id"))
            .col(text("mailbox"))
            .col(int("size"))
            .col(ColumnDef::new("raw").blob().not_null())
            .col(int("received_at"))
            // pending, ingested, duplicate, ignored, failed
            .col(text("state"))
            .col(text_null("origin"))
            .col(text_null("error"))
            .col(uuid_null("case_id"))
            .col(uuid_null("case_message_id"))
            .col(int_null("done_at"))
            .foreign_key(&mut fk("mail_raw", "case_id", "cases", SetNull))
            .take(),
    );
    o.unique(index("mail_raw", "mail_raw_sha256", &["sha256"]));
    o.index(index("mail_raw", "mail_raw_message_id", &["message_id"]));
    o.index(index(
        "mail_raw",
        "mail_raw_state",
        &["state", "received_at"],
    ));

    o.table(
        &Table::create()
            .table("mail_ids")
            .col(ColumnDef::new("message_id").text().not_null().primary_key())
            .col(uuid("case_id"))
            .col(uuid_null("case_message_id"))
            .col(int("created_at"))
            .foreign_key(&mut fk(
                "mail_ids",
                "case_id",
                "cases",
                ForeignKeyAction::Cascade,
            ))
            .take(),
    );

    o.table(
        &Table::create()
            .table("mail_acks")
            .col(id())
            .col(text("address"))
            .col(int("at"))
            .take(),
    );
    o.index(index("mail_acks", "mail_acks_address", &["address", "at"]));

    o.table(
        &Table::create()
            .table("mail_bounces")
            .col(ColumnDef::new("address").text().not_null().primary_key())
            .col(int("at"))
            .col(text("reason"))
            .take(),
    );

    o.sql.push(alter(
        backend,
        &Table::alter()
            .table("contacts")
            .add_column(
                ColumnDef::new("needs_review")
                    .boolean()
                    .not_null()
                    .default(false),
            )
            .take(),
    ));
    o.sql
}

/// Open cases of one customer, newest first (the likely-duplicate hint on the case page)
/// without reading the customer's closed history; and the SLA watcher's work list.
pub(crate) fn desk_indexes(backend: Backend) -> Vec<String> {
    vec![
        build(
            backend,
            &index(
                "cases",
                "cases_customer_active",
                &["customer_id", "active", "last_message_at"],
            ),
        ),
        build(
            backend,
            &index(
                "case_clocks",
                "case_clocks_live",
                &["stopped_at", "warn_at"],
            ),
        ),
    ]
}

/// The SLA watcher's work list by index: a live clock not yet warned whose warning time
/// has come, and one not yet breached whose deadline has come. With only `(stopped_at,
/// warn_at)` it read every live clock each tick (90,000 on a desk of a million cases,
/// 150 ms holding a connection every few seconds) to find none due. And a customer search's
/// matches sorted by name without reading their rows.
pub(crate) fn desk_latency_indexes(backend: Backend) -> Vec<String> {
    let mut sql = vec![
        build(
            backend,
            &index(
                "case_clocks",
                "case_clocks_warn_due",
                &["stopped_at", "warned_at", "warn_at"],
            ),
        ),
        build(
            backend,
            &index(
                "case_clocks",
                "case_clocks_breach_due",
                &["stopped_at", "breached_at", "due_at"],
            ),
        ),
        // a customer search sorts its matches by these without reading their rows
        build(
            backend,
            &index(
                "customers",
                "customers_search_sort",
                &["id", "status", "name_sort", "updated_at"],
            ),
        ),
    ];
    if backend == Backend::Sqlite {
        // without statistics SQLite looks ids up by the primary key's index, not by this
        // covering one; PostgreSQL's planner has its own statistics
        sql.push("ANALYZE customers_search_sort".into());
    }
    sql
}

/// Inbox orders end with the case id (the cursor's tie-break): with indexes that stopped
/// at the deadline, SQLite read every case sharing a deadline (all those without one,
/// first of all) into a temporary sort before the first row of a page. And the outbox's
/// workers ask for their own topics: led by the topic, their index skips the jobs of
/// topics nobody here delivers (e-mail without an SMTP server piles up by design).
pub(crate) fn inbox_order_indexes(backend: Backend) -> Vec<String> {
    let replaced = [
        (
            "cases_assignee",
            "cases_assignee_due",
            &["assignee_id", "active", "due_at", "id"][..],
        ),
        (
            "cases_team",
            "cases_team_due",
            &["team_id", "active", "due_at", "id"][..],
        ),
        (
            "cases_risk",
            "cases_risk_due",
            &["active", "warn_at", "id"][..],
        ),
        (
            "cases_queue",
            "cases_queue_due",
            &["active", "due_at", "id"][..],
        ),
    ];
    let mut sql = Vec::new();
    for (old, new, columns) in replaced {
        sql.push(format!("DROP INDEX \"{old}\""));
        sql.push(build(backend, &index("cases", new, columns)));
    }
    sql.push("DROP INDEX \"outbox_pending\"".into());
    sql.push(build(
        backend,
        &index(
            "outbox",
            "outbox_topic_due",
            &["topic", "done_at", "available_at", "id"],
        ),
    ));
    sql
}

/// A customer search reads its matches in name order from the terms alone: each term
/// carries its customer's sort name and status, covered by one index, so a common word
/// (every "Shanghai …" company) costs one index range instead of a look-up of every match
/// in `customers` before the sort. The per-customer index gains the term, so that each
/// further word of a search is one probe.
pub(crate) fn customer_terms_sorted(backend: Backend) -> Vec<String> {
    let mut sql = Vec::new();
    for column in [
        binary_text(backend, "name_sort").default("").take(),
        text("status").default("").take(),
    ] {
        sql.push(alter(
            backend,
            &Table::alter()
                .table("customer_terms")
                .add_column(column)
                .take(),
        ));
    }
    sql.push(
        "UPDATE customer_terms SET \
         name_sort = (SELECT c.name_sort FROM customers c WHERE c.id = customer_terms.customer_id), \
         status = (SELECT c.status FROM customers c WHERE c.id = customer_terms.customer_id)"
            .into(),
    );
    sql.push(build(
        backend,
        &index(
            "customer_terms",
            "customer_terms_sorted",
            &["term", "name_sort", "customer_id", "status"],
        ),
    ));
    sql.push("DROP INDEX \"customer_terms_customer\"".into());
    sql.push(build(
        backend,
        &index(
            "customer_terms",
            "customer_terms_customer_term",
            &["customer_id", "term"],
        ),
    ));
    sql
}
