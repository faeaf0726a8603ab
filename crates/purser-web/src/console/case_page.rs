//! The case page: the conversation in order (see `thread`), the customer and references
//! beside it, SLA clocks and their history, promises, department tasks, complaint steps,
//! goodwill, links and likely duplicates, and a form for each action (see `case_actions`).
//! Also the staff address of an attachment and the reply-template filler.

use super::cases::Names;
use super::draft::Draft;
use super::thread::{MessageView, conversation, download};
use super::{Opt, Page, due, failure, is_supervisor, opts, render, staff_gate, when};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use purser_app::book;
use purser_app::cases::{self as desk, CasePage, conversation, setup};
use purser_domain::cases::LinkKind;
use purser_domain::cases::complaint::{ComplaintStep, GoodwillKind, GoodwillState};
use purser_domain::cases::refs::RefKind;
use purser_domain::cases::state::CaseStatus;
use purser_domain::roles::{Department, Role};
use purser_store::cases::Case;
use std::collections::HashMap;
use uuid::Uuid;

pub struct ClockView {
    target: String,
    state: &'static str,
    state_label: String,
    due: String,
    due_rel: String,
    overdue: bool,
    stopped: String,
}

pub struct HistoryView {
    when: String,
    target: String,
    event: String,
    detail: String,
}

pub struct FollowUpView {
    id: Uuid,
    action: String,
    due: String,
    due_rel: String,
    overdue: bool,
    agent: String,
    done: bool,
    outcome: String,
    kept: String,
}

pub struct TaskView {
    department: String,
    question: String,
    due: String,
    overdue: bool,
    asked_by: String,
    answer: Option<String>,
    answered: String,
}

pub struct StepView {
    step: String,
    note: String,
    who: String,
    when: String,
}

pub struct GoodwillView {
    id: Uuid,
    kind: String,
    amount: String,
    currency: String,
    reason: String,
    state: &'static str,
    state_label: String,
    limit: String,
    requested_by: String,
    awaiting: bool,
}

pub struct LinkView {
    id: Uuid,
    kind: String,
    number: String,
    subject: String,
    status: String,
}

pub struct CustomerView {
    id: Uuid,
    /// Whether the viewer may open the customer's page (a department user who may not
    /// still sees whose case it is).
    link: bool,
    number: String,
    name: String,
    local_name: String,
    tier: String,
    key_account: bool,
    contact: String,
    contact_detail: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct Show {
    page: Page,
    k: Case,
    type_label: String,
    status_label: String,
    priority_label: String,
    channel_label: String,
    sla_label: String,
    /// pages: the case's language and routing's reason, in the viewer's words.
    language_label: String,
    reason_label: String,
    due: String,
    due_rel: String,
    owner: String,
    team: String,
    customer: Option<CustomerView>,
    refs: Vec<(String, String)>,
    /// Shipments the case's B/L, booking and container references name (desk staff).
    shipments: Vec<super::shipments::ShipmentRow>,
    messages: Vec<MessageView>,
    clocks: Vec<ClockView>,
    history: Vec<HistoryView>,
    follow_ups: Vec<FollowUpView>,
    tasks: Vec<TaskView>,
    steps: Vec<StepView>,
    goodwill: Vec<GoodwillView>,
    links: Vec<LinkView>,
    similar: Vec<LinkView>,
    // what the forms offer
    desk: bool,
    supervisor: bool,
    closed: bool,
    /// Where this page's attachments download from.
    base: String,
    reply_statuses: Vec<Opt>,
    next_statuses: Vec<Opt>,
    /// Reply templates: (name, the name in the viewer's words).
    templates: Vec<(String, String)>,
    /// Public knowledge-base articles a reply may link or quote: (id, label).
    articles: Vec<(Uuid, String)>,
    /// Articles like the case, from its own words, that the viewer may read: (id, title).
    suggested: Vec<(Uuid, String)>,
    agents: Vec<Opt>,
    teams: Vec<Opt>,
    departments: Vec<Opt>,
    complaint: bool,
    next_step: Option<(&'static str, String)>,
    goodwill_kinds: Vec<Opt>,
    link_kinds: Vec<Opt>,
    draft: Draft,
    /// presence: who else is on the case (rendered `presence_banner.html`).
    banner: String,
}

/// Where a portal user who opens a staff case address goes instead.
pub fn portal_twin(id: Uuid) -> String {
    format!("/portal/cases/{id}")
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = staff_gate(&c, true, &portal_twin(id)) {
        return r;
    }
    if super::is_desk(&c) {
        // presence: opening the page marks the viewer on the case (the banner beats on)
        let _ = purser_app::presence::beat(
            s.store(),
            &c.ctx,
            id,
            purser_domain::cases::presence::PresenceMode::Viewing,
        )
        .await;
    }
    render_page(&s, &c, id, Draft::default()).await
}

/// The case page, with a failed form's errors and input when there is one.
pub async fn render_page(s: &AppState, c: &Caller, id: Uuid, draft: Draft) -> Response {
    let (p, names) = tokio::join!(desk::case_page(s.store(), &c.ctx, id), Names::load(s));
    let p = match p {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let t = T(c.user.language);
    let desk = super::is_desk(c);
    let status = if draft.errors.is_empty() {
        StatusCode::OK
    } else if draft.errors.contains_key("form") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = build(s, c, t, &names, p, desk, draft).await;
    let mut r = render(&view);
    *r.status_mut() = status;
    r
}

async fn build(
    s: &AppState,
    c: &Caller,
    t: T,
    names: &Names,
    p: CasePage,
    desk: bool,
    draft: Draft,
) -> Show {
    let k = p.case;
    // the page's other reads do not depend on each other: they wait for the pool together
    let customer_read = async {
        match k.customer_id {
            Some(cid) => match book::get_customer(s.store(), &c.ctx, cid).await {
                Ok(cu) => {
                    let contact = match k.contact_id {
                        Some(kid) => purser_app::children::get::<purser_app::children::Contacts>(
                            s.store(),
                            &c.ctx,
                            cid,
                            kid,
                        )
                        .await
                        .ok(),
                        None => None,
                    };
                    Some(CustomerView {
                        link: true,
                        id: cu.id,
                        number: cu.number,
                        local_name: cu.local_name.unwrap_or_default(),
                        name: cu.legal_name,
                        tier: t.label("tier", cu.tier.as_str()),
                        key_account: cu.key_account,
                        contact: contact.as_ref().map(|x| x.name.clone()).unwrap_or_default(),
                        contact_detail: contact
                            .map(|x| {
                                x.emails
                                    .into_iter()
                                    .chain(x.phones)
                                    .collect::<Vec<_>>()
                                    .join(" · ")
                            })
                            .unwrap_or_default(),
                    })
                }
                // the case is theirs to see, so its customer's name is too
                Err(_) => purser_store::customers::get(
                    &mut s.store().clone(),
                    cid,
                    &purser_domain::roles::CustomerScope::All,
                )
                .await
                .ok()
                .map(|cu| CustomerView {
                    link: false,
                    id: cu.id,
                    number: cu.number,
                    local_name: cu.local_name.unwrap_or_default(),
                    name: cu.legal_name,
                    tier: t.label("tier", cu.tier.as_str()),
                    key_account: cu.key_account,
                    contact: String::new(),
                    contact_detail: String::new(),
                }),
            },
            None => None,
        }
    };
    // a department user is shown only the linked and similar cases it may open
    let visible = |ids: Vec<Uuid>| async move {
        let mut open = Vec::new();
        for id in ids {
            if desk || desk::get_case(s.store(), &c.ctx, id).await.is_ok() {
                open.push(id);
            }
        }
        open
    };
    let (linked_open, similar_open) = tokio::join!(
        visible(p.links.iter().map(|l| l.other_id).collect()),
        visible(p.similar.iter().map(|o| o.id).collect()),
    );
    let team_read = async {
        match k.team_id {
            Some(tid) => purser_store::teams::get(&mut s.store().clone(), tid)
                .await
                .map(|x| x.name)
                .unwrap_or_default(),
            None => String::new(),
        }
    };
    let (due_at, due_rel, _) = due(t, k.due_at).unwrap_or_default();
    let closed = k.status == CaseStatus::Closed;
    let statuses = |allowed: &dyn Fn(CaseStatus) -> bool, current: &str| {
        opts(
            CaseStatus::ALL
                .iter()
                .filter(|x| allowed(**x))
                .map(|x| (x.as_str(), t.label("status", x.as_str()))),
            current,
        )
    };
    let reply_statuses = match k.status.on_staff_reply() {
        Ok(next) => statuses(
            &|x| next.can_move_to(x) && x != CaseStatus::Open,
            draft.val("reply", "status"),
        ),
        Err(_) => vec![],
    };
    let next_statuses = statuses(&|x| k.status.can_move_to(x), draft.val("status", "status"));
    let lists_read = async {
        if !desk {
            return (vec![], vec![], vec![]);
        }
        let owner = k.assignee_id.map(|x| x.to_string()).unwrap_or_default();
        let (templates, agents, teams) = tokio::join!(
            setup::list_templates(s.store(), &c.ctx),
            super::presence::agent_choices(s, c, None),
            setup::list_teams(s.store(), &c.ctx),
        );
        let mut names_of: Vec<String> = templates
            .unwrap_or_default()
            .into_iter()
            .map(|x| x.name)
            .collect();
        names_of.sort();
        names_of.dedup();
        let agents = opts(agents, &owner);
        let teams = opts(
            teams
                .unwrap_or_default()
                .into_iter()
                .map(|v| (v.team.id, v.team.name)),
            "",
        );
        (names_of, agents, teams)
    };
    let shipments_read = async {
        if !desk {
            return vec![];
        }
        let values: Vec<String> = p
            .refs
            .iter()
            .filter(|r| r.kind != RefKind::Quote)
            .map(|r| r.value.clone())
            .collect();
        super::shipments::linked(s, c, &values).await
    };
    let (customer, team, (templates, agents, teams), shipments, articles, suggested) = tokio::join!(
        customer_read,
        team_read,
        lists_read,
        shipments_read,
        super::kb::reply_choices(s, c, desk, k.language),
        super::kb::suggested(s, c, &k.subject, &k.tags)
    );
    let done: Vec<ComplaintStep> = p.complaint_steps.iter().map(|x| x.step).collect();
    let link_view =
        |id: Uuid, kind: LinkKind, number: &str, subject: &str, st: CaseStatus| LinkView {
            id,
            kind: t.label("link", kind.as_str()),
            number: number.to_string(),
            subject: subject.to_string(),
            status: t.label("status", st.as_str()),
        };
    let banner = askama::Template::render(&super::presence::Banner::new(c, k.id, &p.presence))
        .unwrap_or_default();
    Show {
        banner,
        page: Page::new(c, "cases").live(),
        type_label: t.label("type", k.case_type.as_str()),
        status_label: t.label("status", k.status.as_str()),
        priority_label: t.label("priority", k.priority.as_str()),
        channel_label: t.label("channel", k.channel.as_str()),
        language_label: t.label("lang", k.language.as_str()),
        reason_label: super::system_words::reason(t, &k.assign_reason),
        sla_label: t.label("sla", &k.sla_state),
        due: due_at,
        due_rel,
        owner: names.person(k.assignee_id),
        team,
        customer,
        refs: p
            .refs
            .iter()
            .map(|r| (t.label("ref", r.kind.as_str()), r.value.clone()))
            .collect(),
        shipments,
        messages: conversation(t, &p.messages, &p.attachments),
        clocks: p
            .clocks
            .iter()
            .map(|x| {
                let (d, rel, overdue) = due(t, x.due_at).unwrap_or_default();
                ClockView {
                    target: t.label("target", x.target.as_str()),
                    state: x.state.as_str(),
                    state_label: t.label("clock", x.state.as_str()),
                    due: d,
                    due_rel: if x.stopped_at.is_some() {
                        String::new()
                    } else {
                        rel
                    },
                    overdue: overdue && x.stopped_at.is_none(),
                    stopped: x.stopped_at.map(when).unwrap_or_default(),
                }
            })
            .collect(),
        history: p
            .sla_history
            .iter()
            .map(|e| HistoryView {
                when: when(e.at),
                target: t.label("target", &e.target),
                event: t.label("clock", &e.event),
                detail: super::system_words::sla_detail(t, &e.detail),
            })
            .collect(),
        follow_ups: p
            .follow_ups
            .iter()
            .map(|f| {
                let (d, rel, overdue) = due(t, Some(f.due_at)).unwrap_or_default();
                FollowUpView {
                    id: f.id,
                    action: f.action.clone(),
                    due: d,
                    due_rel: rel,
                    overdue: overdue && f.done_at.is_none(),
                    agent: names.person(Some(f.agent_id)),
                    done: f.done_at.is_some(),
                    outcome: f.outcome.clone().unwrap_or_default(),
                    kept: match f.kept() {
                        Some(true) => t.s("kept_on_time").to_string(),
                        Some(false) => t.s("kept_late").to_string(),
                        None => String::new(),
                    },
                }
            })
            .collect(),
        tasks: p
            .tasks
            .iter()
            .map(|x| {
                let (d, _, overdue) = due(t, Some(x.due_at)).unwrap_or_default();
                TaskView {
                    department: t.label("dept", x.department.as_str()),
                    question: x.question.clone(),
                    due: d,
                    overdue: overdue && x.answer.is_none(),
                    asked_by: names.person(Some(x.asked_by)),
                    answer: x.answer.clone(),
                    answered: x.answered_at.map(when).unwrap_or_default(),
                }
            })
            .collect(),
        steps: p
            .complaint_steps
            .iter()
            .map(|x| StepView {
                step: t.label("step", x.step.as_str()),
                note: x.note.clone(),
                who: names.person(Some(x.actor_id)),
                when: when(x.created_at),
            })
            .collect(),
        goodwill: p
            .goodwill
            .iter()
            .map(|g| GoodwillView {
                id: g.id,
                kind: t.label("goodwill", g.kind.as_str()),
                amount: g.amount.clone(),
                currency: g.currency.clone(),
                reason: g.reason.clone(),
                state: g.state.as_str(),
                state_label: t.label("gw", g.state.as_str()),
                limit: g.authority_limit.clone(),
                requested_by: names.person(Some(g.requested_by)),
                awaiting: g.state == GoodwillState::AwaitingApproval,
            })
            .collect(),
        links: p
            .links
            .iter()
            .filter(|l| linked_open.contains(&l.other_id))
            .map(|l| {
                link_view(
                    l.other_id,
                    l.kind,
                    &l.other_number,
                    &l.other_subject,
                    l.other_status,
                )
            })
            .collect(),
        similar: p
            .similar
            .iter()
            .filter(|o| similar_open.contains(&o.id))
            .map(|o| link_view(o.id, LinkKind::Related, &o.number, &o.subject, o.status))
            .collect(),
        desk,
        supervisor: is_supervisor(c),
        closed,
        reply_statuses,
        next_statuses,
        templates: templates
            .into_iter()
            .map(|n| {
                let label = t.label("template", &n);
                (n, label)
            })
            .collect(),
        articles,
        suggested,
        agents,
        teams,
        departments: opts(
            Department::ALL
                .iter()
                .filter(|d| **d != Department::CustomerService)
                .map(|d| (d.as_str(), t.label("dept", d.as_str()))),
            draft.val("task", "department"),
        ),
        complaint: k.case_type == purser_domain::cases::CaseType::Complaint,
        next_step: ComplaintStep::next_after(&done)
            .map(|x| (x.as_str(), t.label("step", x.as_str()))),
        goodwill_kinds: opts(
            GoodwillKind::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("goodwill", x.as_str()))),
            draft.val("goodwill", "kind"),
        ),
        link_kinds: opts(
            [LinkKind::Related, LinkKind::Child]
                .iter()
                .map(|x| (x.as_str(), t.label("link", x.as_str()))),
            draft.val("link", "kind"),
        ),
        base: format!("/cases/{}", k.id),
        draft,
        k,
    }
}

pub async fn attachment(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path((id, aid)): Path<(Uuid, Uuid)>,
) -> Response {
    if let Some(r) = staff_gate(&c, true, &format!("/portal/cases/{id}/attachments/{aid}")) {
        return r;
    }
    download(&s, &c, id, aid).await
}

/// The reply box filled from a template, with a warning naming the blanks it could not fill.
#[derive(Template)]
#[template(
    source = r#"<div id="reply-box"><textarea id="reply-body" name="body" rows="8" required aria-describedby="reply-hint{% if !blanks.is_empty() %} reply-blanks{% endif %}">{{ body }}</textarea>
{% if !blanks.is_empty() %}<p class="alert" id="reply-blanks" role="status">{{ t.s("blanks_warning") }} {% for b in blanks %}<code>{{ b }}</code> {% endfor %}</p>{% endif %}</div>"#,
    ext = "html"
)]
struct ReplyBody {
    t: T,
    body: String,
    /// Each as written in the text: `{{shipment.eta}}`.
    blanks: Vec<String>,
}

/// The reply textarea filled from a template for this case (the reply form's picker swaps
/// it in with htmx); 204 when no template was picked.
pub async fn template(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, &portal_twin(id)) {
        return r;
    }
    let name = q.get("template").map_or("", |v| v.trim());
    if name.is_empty() {
        return StatusCode::NO_CONTENT.into_response();
    }
    match conversation::render_template(s.store(), &c.ctx, id, name).await {
        Ok(x) => render(&ReplyBody {
            t: T(c.user.language),
            body: x.body,
            blanks: x.blanks.iter().map(|b| format!("{{{{{b}}}}}")).collect(),
        }),
        Err(e) => failure(e),
    }
}

/// Who may act on a case from the console: desk staff (department users write notes only).
pub fn may_act(c: &Caller, note: bool) -> bool {
    super::is_desk(c) || (note && c.user.role == Role::Department)
}
