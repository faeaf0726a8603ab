//! The console's words in English and Traditional Chinese, chosen by the user's language.

use purser_domain::customers::Language;

mod kb_words;
mod search_words;

/// Every entry: the console's list, then the knowledge base's.
fn entries() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    WORDS
        .iter()
        .chain(kb_words::WORDS)
        .chain(search_words::WORDS)
}

/// A lookup of console strings for one language; missing keys fall back to the key.
#[derive(Clone, Copy)]
pub struct T(pub Language);

impl T {
    pub fn s(&self, key: &str) -> &'static str {
        let zh = self.0 == Language::ZhTw;
        for (k, en, tw) in entries() {
            if *k == key {
                return if zh { tw } else { en };
            }
        }
        "?"
    }

    /// pages: the word for `key` when there is one (`s` answers "?" otherwise).
    pub fn word(&self, key: &str) -> Option<&'static str> {
        let zh = self.0 == Language::ZhTw;
        entries()
            .find(|(k, _, _)| *k == key)
            .map(|(_, en, tw)| if zh { *tw } else { *en })
    }

    /// pages: every entry whose key starts with `prefix` and holds a `{}`: (the key after
    /// the prefix, the word).
    pub fn patterns(&self, prefix: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
        let zh = self.0 == Language::ZhTw;
        entries().filter_map(move |(k, en, tw)| {
            let rest = k.strip_prefix(prefix)?;
            rest.contains("{}")
                .then_some((rest, if zh { *tw } else { *en }))
        })
    }

    /// pages: a field's path as its form labels it ("Reference 1 value").
    pub fn field(&self, path: &str) -> String {
        crate::labels::field_label(*self, path)
    }

    /// pages: a validation message in this language.
    pub fn msg(&self, message: &str) -> String {
        crate::labels::message(*self, message)
    }

    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }

    /// The word for one value of a vocabulary (`status`, `priority`, `type`, …): the entry
    /// `prefix.value`, else the value itself made readable.
    pub fn label(&self, prefix: &str, value: &str) -> String {
        let key = format!("{prefix}.{value}");
        let zh = self.0 == Language::ZhTw;
        entries()
            .find(|(k, _, _)| *k == key)
            .map(|(_, en, tw)| if zh { tw } else { en }.to_string())
            .unwrap_or_else(|| value.replace('_', " "))
    }
}

const WORDS: &[(&str, &str, &str)] = &[
    ("app", "Purser", "Purser 客服台"),
    ("customers", "Customers", "客戶"),
    ("admin", "Administration", "系統管理"),
    ("users", "Users", "使用者"),
    ("departments", "Departments", "部門"),
    ("tokens", "API tokens", "API 金鑰"),
    ("account", "My account", "我的帳號"),
    ("logout", "Log out", "登出"),
    ("login", "Log in", "登入"),
    ("email", "E-mail", "電子郵件"),
    ("password", "Password", "密碼"),
    ("search", "Search", "搜尋"),
    (
        "search_hint",
        "Name, Chinese name, tax id, contact or e-mail",
        "名稱、中文名稱、統一編號、聯絡人或電子郵件",
    ),
    ("new_customer", "New customer", "新增客戶"),
    ("number", "No.", "編號"),
    ("legal_name", "Legal name", "公司名稱"),
    ("local_name", "Local-script name", "中文名稱"),
    ("tier", "Tier", "等級"),
    ("key_account", "Key account", "重點客戶"),
    ("status", "Status", "狀態"),
    ("owner", "Account owner", "負責客服"),
    ("sales_owner", "Sales owner", "業務負責人"),
    (
        "main_office",
        "Main office (UN/LOCODE)",
        "總部港口代碼 (UN/LOCODE)",
    ),
    ("language", "Language", "語言"),
    ("channel", "Preferred channel", "偏好聯絡方式"),
    ("time_zone", "Time zone", "時區"),
    ("registration_id", "Registration id", "登記編號"),
    ("tax_id", "Tax id", "統一編號"),
    ("service_requirements", "Service requirements", "服務要求"),
    ("contacts", "Contacts", "聯絡人"),
    ("contracts", "Service contracts", "服務合約"),
    ("activities", "Relationship activities", "客戶關係活動"),
    ("audit", "History", "變更紀錄"),
    ("edit", "Edit", "編輯"),
    ("save", "Save", "儲存"),
    ("cancel", "Cancel", "取消"),
    ("all", "All", "全部"),
    ("sort", "Sort", "排序"),
    ("next", "Next page", "下一頁"),
    ("first", "First page", "第一頁"),
    ("results", "results", "筆結果"),
    ("none", "None yet.", "尚無資料。"),
    ("name", "Name", "姓名"),
    ("role", "Role", "職務"),
    ("phones", "Phones", "電話"),
    ("portal", "Portal access", "入口網站權限"),
    ("reference", "Reference", "合約編號"),
    ("validity", "Validity", "有效期間"),
    ("lanes", "Lanes", "航線"),
    ("kind", "Kind", "類型"),
    ("when", "When", "時間"),
    ("subject", "Subject", "主旨"),
    ("who", "Who", "人員"),
    ("action", "Action", "動作"),
    ("changes", "Changes", "變更內容"),
    ("duplicates", "Possible duplicates", "可能重複的客戶"),
    ("add_contact", "Add contact", "新增聯絡人"),
    ("add_activity", "Log activity", "記錄活動"),
    ("notes", "Notes", "備註"),
    (
        "errors",
        "Please correct the marked fields.",
        "請修正標示的欄位。",
    ),
    (
        "stale",
        "Someone else changed this record meanwhile. Reload it and apply your change again.",
        "此紀錄已被他人修改，請重新載入後再修改。",
    ),
    ("add_user", "Add user", "新增使用者"),
    ("add_department", "Add department", "新增部門"),
    ("create_token", "Create token", "建立金鑰"),
    ("revoke", "Revoke", "撤銷"),
    (
        "token_once",
        "Copy this token now; it will not be shown again:",
        "請立即複製此金鑰，之後將不再顯示：",
    ),
    ("change_password", "Change password", "變更密碼"),
    ("current_password", "Current password", "目前密碼"),
    ("new_password", "New password", "新密碼"),
    ("saved", "Saved.", "已儲存。"),
    (
        "bad_login",
        "E-mail or password is wrong.",
        "電子郵件或密碼錯誤。",
    ),
    (
        "throttled",
        "Too many attempts. Try again in 15 minutes.",
        "嘗試次數過多，請 15 分鐘後再試。",
    ),
    ("notifications", "Notifications", "通知"),
    ("handover", "Hand-over from sales", "業務移交"),
    (
        "start_handover",
        "Hand over to customer service",
        "移交客服",
    ),
    ("complete_handover", "Complete hand-over", "完成移交"),
    ("last_used", "Last used", "最後使用"),
    ("created", "Created", "建立時間"),
    ("active", "Active", "啟用"),
    ("department", "Department", "部門"),
    ("customer", "Customer", "客戶"),
    ("yes", "yes", "是"),
    ("no", "no", "否"),
    ("api_docs", "API", "API 文件"),
    ("skip", "Skip to content", "跳至主要內容"),
    // --- the service desk ------------------------------------------------------------
    ("main_nav", "Main", "主選單"),
    ("cases", "Cases", "案件"),
    ("inbox", "Inbox", "案件收件匣"),
    ("inbox_views", "Inbox views", "收件匣檢視"),
    ("supervisor", "Supervisor", "主管看板"),
    ("tasks", "Department tasks", "部門任務"),
    ("handovers", "Hand-overs", "交班"),
    ("portal_home", "My requests", "我的服務申請"),
    ("view.mine", "Mine", "我的案件"),
    ("view.teams", "My teams", "我的團隊"),
    ("view.unassigned", "Unassigned", "未指派"),
    ("view.at_risk", "At risk", "即將逾時"),
    ("view.waiting", "Waiting", "等待中"),
    ("view.queue", "All open", "全部待處理"),
    ("status.new", "New", "新案件"),
    ("status.open", "Open", "處理中"),
    (
        "status.waiting_on_customer",
        "Waiting on customer",
        "等待客戶回覆",
    ),
    (
        "status.waiting_on_internal",
        "Waiting on internal",
        "等待內部回覆",
    ),
    ("status.on_hold", "On hold", "暫緩"),
    ("status.resolved", "Resolved", "已解決"),
    ("status.closed", "Closed", "已結案"),
    // the same statuses as a customer reads them
    ("pstatus.new", "Received", "已收到"),
    ("pstatus.open", "In progress", "處理中"),
    (
        "pstatus.waiting_on_customer",
        "Waiting for your reply",
        "等待您的回覆",
    ),
    ("pstatus.waiting_on_internal", "In progress", "處理中"),
    ("pstatus.on_hold", "In progress", "處理中"),
    ("pstatus.resolved", "Resolved", "已解決"),
    ("pstatus.closed", "Closed", "已結案"),
    ("priority", "Priority", "優先順序"),
    ("priority.low", "Low", "低"),
    ("priority.normal", "Normal", "一般"),
    ("priority.high", "High", "高"),
    ("priority.urgent", "Urgent", "緊急"),
    ("case_type", "Type", "類型"),
    ("request_type", "What is it about?", "申請類型"),
    ("type.inquiry", "Inquiry", "詢問"),
    ("type.request", "Request", "申請"),
    ("type.complaint", "Complaint", "客訴"),
    ("type.bl_amendment", "B/L amendment", "提單修改"),
    ("type.rate_request", "Rate request", "運價詢問"),
    ("type.cargo_claim", "Cargo claim", "貨損索賠"),
    ("type.internal_request", "Internal request", "內部需求"),
    ("case_channel", "Channel", "來源管道"),
    ("channel.email", "E-mail", "電子郵件"),
    ("channel.phone", "Phone", "電話"),
    ("channel.portal", "Portal", "客戶入口網站"),
    ("channel.chat", "Chat", "線上交談"),
    ("channel.api", "API", "API"),
    ("channel.proactive", "Proactive", "主動通知"),
    ("sla.ok", "On track", "正常"),
    ("sla.warning", "At risk", "即將逾時"),
    ("sla.breached", "Breached", "已逾時"),
    ("target", "Target", "目標"),
    ("target.first_response", "First response", "首次回覆"),
    ("target.next_response", "Next response", "後續回覆"),
    ("target.resolution", "Resolution", "解決"),
    ("target.all", "All clocks", "全部計時"),
    ("clock.running", "Running", "計時中"),
    ("clock.warning", "At risk", "即將逾時"),
    ("clock.breached", "Breached", "已逾時"),
    ("clock.paused", "Paused", "暫停"),
    ("clock.met", "Met", "達成"),
    ("clock.missed", "Missed", "未達成"),
    ("clock.started", "Started", "開始計時"),
    ("clock.resumed", "Resumed", "恢復計時"),
    ("clock.recomputed", "Recomputed", "重新計算"),
    ("clock.policy", "Policy", "SLA 政策"),
    ("delivery.queued", "queued for e-mail", "等待寄出"),
    ("delivery.sent", "e-mailed", "已寄出"),
    ("delivery.failed", "e-mail failed", "寄送失敗"),
    ("ref.shipment", "Shipment", "貨件"),
    ("ref.booking", "Booking", "訂艙"),
    ("ref.bill_of_lading", "Bill of lading", "提單"),
    ("ref.container", "Container", "貨櫃"),
    ("ref.quote", "Quote", "報價"),
    ("link.child", "Child case", "子案件"),
    ("link.related", "Related", "相關案件"),
    ("link.merged_into", "Merged into", "已合併至"),
    ("step.acknowledge", "Acknowledge", "確認受理"),
    ("step.investigate", "Investigate", "調查"),
    ("step.propose", "Propose a remedy", "提出方案"),
    ("step.agree", "Agree with the customer", "與客戶達成共識"),
    ("step.act", "Act", "執行"),
    (
        "step.confirm_satisfaction",
        "Confirm satisfaction",
        "確認客戶滿意",
    ),
    ("goodwill.fee_waiver", "Fee waiver", "費用減免"),
    ("goodwill.credit", "Credit", "抵用金額"),
    ("gw.granted", "Granted", "已核給"),
    ("gw.awaiting_approval", "Awaiting approval", "待主管核准"),
    ("gw.approved", "Approved", "已核准"),
    ("gw.rejected", "Rejected", "已駁回"),
    ("dept.customer_service", "Customer service", "客服"),
    ("dept.sales", "Sales", "業務"),
    ("dept.logistics", "Logistics", "物流"),
    ("dept.operations", "Operations", "營運"),
    ("dept.finance", "Finance", "財務"),
    ("agent.available", "Available", "可接案"),
    ("agent.away", "Away", "暫離"),
    ("agent.off_shift", "Off shift", "下班"),
    ("select", "Select", "選取"),
    ("due", "Due", "到期"),
    ("due_in", "in {}", "剩 {}"),
    ("overdue_by", "{} overdue", "逾期 {}"),
    ("no_deadline", "No deadline", "無期限"),
    ("case_owner", "Owner", "負責人"),
    ("no_cases", "No cases here.", "這裡沒有案件。"),
    (
        "no_team",
        "You are in no team yet; ask a supervisor to add you.",
        "您尚未加入任何團隊，請洽主管。",
    ),
    ("filter", "Filter", "篩選"),
    ("new_case", "New case", "新增案件"),
    ("file_case", "File the case", "建立案件"),
    (
        "customer_hint",
        "Customer number (C-000123) or name; leave empty for an internal case.",
        "客戶編號（C-000123）或名稱；內部案件請留空。",
    ),
    ("contact", "Contact", "聯絡人"),
    ("team", "Team", "團隊"),
    ("routing_decides", "Let routing decide", "由系統分派"),
    ("case_ref", "Reference", "相關單號"),
    ("ref_value", "Reference number", "單號"),
    ("lane", "Trade lane", "航線"),
    ("tags", "Tags", "標籤"),
    ("tags_hint", "Separated by commas", "以逗號分隔"),
    ("customer_words", "The customer's words", "客戶原文"),
    ("assign_me", "Assign it to me", "指派給我"),
    ("conversation", "Conversation", "往來紀錄"),
    ("no_messages", "No messages yet.", "尚無訊息。"),
    ("attachments", "Attachments", "附件"),
    ("msg_inbound", "Customer wrote", "客戶來信"),
    ("msg_outbound", "Reply to customer", "回覆客戶"),
    ("msg_note", "Internal note", "內部備註"),
    ("msg_event", "Purser", "系統紀錄"),
    ("call_inbound", "Incoming call", "來電"),
    ("call_outbound", "Outgoing call", "去電"),
    ("copied_from", "copied from {}", "複製自 {}"),
    ("reply_customer", "Reply to the customer", "回覆客戶"),
    (
        "closed_reopen",
        "This case is closed. Reopen it before replying.",
        "此案件已結案，請先重新開啟再回覆。",
    ),
    ("insert_template", "Reply template", "回覆範本"),
    ("insert", "Fill in the message", "套用至訊息"),
    ("message", "Message", "訊息"),
    (
        "reply_hint",
        "The customer sees this and receives it by e-mail.",
        "客戶會看到這則訊息，並收到電子郵件。",
    ),
    ("then_status", "Then set the status to", "回覆後狀態"),
    ("status_unchanged", "Keep the status", "維持目前狀態"),
    ("send_reply", "Send reply", "送出回覆"),
    ("add_note", "Add internal note", "新增內部備註"),
    ("note_text", "Note (staff only)", "備註（僅限內部）"),
    (
        "note_hint",
        "Never shown to the customer. Write @name to tell a colleague.",
        "客戶看不到。輸入 @名稱 可通知同事。",
    ),
    ("log_call", "Log a call", "記錄電話"),
    ("direction", "Direction", "方向"),
    ("minutes", "Minutes", "分鐘"),
    ("summary", "Summary", "摘要"),
    ("change_status", "Change status", "變更狀態"),
    ("new_status", "New status", "新狀態"),
    ("assign", "Assign", "指派"),
    ("agent", "Agent", "客服人員"),
    ("back_to_queue", "Back to the team queue", "退回團隊佇列"),
    ("same_team", "Same team", "維持原團隊"),
    ("reason", "Reason", "原因"),
    ("let_routing", "Let routing choose", "由系統分派"),
    ("follow_ups", "Promised follow-ups", "承諾回覆事項"),
    ("kept", "Kept", "已完成"),
    ("kept_on_time", "on time", "準時"),
    ("kept_late", "late", "逾時"),
    ("outcome", "Outcome", "結果"),
    ("tell_customer", "Also tell the customer", "同時告知客戶"),
    ("keep_promise", "Mark as kept", "標記完成"),
    ("promise", "Promise a follow-up", "承諾回覆"),
    ("promised_action", "What was promised", "承諾內容"),
    // presence: typed times are read in the viewer's zone, no longer UTC
    ("due_utc", "Due (your time zone)", "期限（您的時區）"),
    (
        "remind_mins",
        "Remind me (minutes before)",
        "提前提醒（分鐘）",
    ),
    ("dept_tasks", "Questions to departments", "部門詢問"),
    ("answer", "Answer", "答覆"),
    ("waiting_answer", "Waiting for the answer.", "等待答覆中。"),
    ("ask_department", "Ask a department", "詢問部門"),
    ("question", "Question", "問題"),
    ("complaint_steps", "Complaint procedure", "客訴處理程序"),
    ("next_step", "Next step", "下一步"),
    ("record_step", "Record this step", "記錄此步驟"),
    ("goodwill", "Goodwill", "補償"),
    ("amount", "Amount", "金額"),
    ("currency", "Currency", "幣別"),
    ("limit", "limit", "權限上限"),
    ("approve", "Approve", "核准"),
    ("reject", "Reject", "駁回"),
    (
        "request_goodwill",
        "Grant or request goodwill",
        "核給或申請補償",
    ),
    ("merge_link", "Merge and link", "合併與關聯"),
    (
        "merge_into",
        "Merge this case into case number",
        "將此案件合併至案件編號",
    ),
    ("merge", "Merge", "合併"),
    ("merge_here", "Merge this case into it", "將本案合併至此"),
    ("link_to", "Link to case number", "關聯案件編號"),
    ("link_kind", "How they relate", "關聯類型"),
    ("link", "Link", "建立關聯"),
    ("links", "Linked cases", "關聯案件"),
    ("likely_duplicates", "Likely duplicates", "可能重複的案件"),
    ("kb_suggested", "Suggested articles", "建議參考文章"),
    ("case_facts", "About this case", "案件資訊"),
    ("why_owner", "Why this owner", "指派原因"),
    (
        "internal_case",
        "Internal case: no customer.",
        "內部案件：無客戶。",
    ),
    ("references", "References", "相關單號"),
    ("sla_clocks", "SLA clocks", "SLA 計時"),
    ("sla_history", "SLA history", "SLA 紀錄"),
    ("stopped", "stopped", "停止於"),
    ("rating", "Rating", "評分"),
    ("live_queue", "Live queue", "即時佇列"),
    (
        "bulk_reassign",
        "Reassign the ticked cases",
        "重新指派勾選的案件",
    ),
    ("move_ticked_to", "Move to", "移至"),
    ("reassign", "Reassign", "重新指派"),
    ("moved_n", "{} cases reassigned.", "已重新指派 {} 件案件。"),
    ("at_risk", "At risk", "即將逾時"),
    ("workload", "Workload", "工作量"),
    ("open_vs_capacity", "Open / capacity", "處理中 / 上限"),
    ("busy_period", "Busy period", "旺季模式"),
    ("busy_on", "busy period on", "旺季模式中"),
    ("busy_start", "Start busy period", "開啟旺季模式"),
    ("busy_end", "End busy period", "結束旺季模式"),
    ("no_teams", "No teams yet.", "尚無團隊。"),
    (
        "goodwill_awaiting",
        "Goodwill awaiting approval",
        "待核准的補償",
    ),
    (
        "no_department",
        "Your account belongs to no department.",
        "您的帳號未隸屬任何部門。",
    ),
    ("open_tasks", "Open", "待答覆"),
    ("answered_tasks", "Answered", "已答覆"),
    ("send_answer", "Send answer", "送出答覆"),
    ("end_shift", "End my shift", "結束我的班"),
    ("my_open_cases", "My open cases", "我處理中的案件"),
    (
        "no_open_cases",
        "You have no open cases.",
        "您沒有處理中的案件。",
    ),
    ("taking_over", "Colleague taking over", "接班同事"),
    ("recent_handovers", "Recent hand-overs", "近期交班紀錄"),
    ("acknowledged", "Acknowledged", "已確認"),
    ("acknowledge", "Acknowledge", "確認接班"),
    ("new_request", "New request", "提出新申請"),
    (
        "no_requests",
        "You have no requests yet.",
        "您尚未提出任何申請。",
    ),
    ("last_update", "Last update", "最後更新"),
    ("your_message", "Your message", "您的訊息"),
    (
        "files_hint",
        "Up to {} MB per file.",
        "每個檔案最大 {} MB。",
    ),
    ("send_request", "Send request", "送出申請"),
    ("write_us", "Write to us", "留言給我們"),
    (
        "closed_new_request",
        "This request is closed; your message will open a new one.",
        "此申請已結案，您的訊息將開立新的申請。",
    ),
    ("send", "Send", "送出"),
    (
        "thanks_rating",
        "Thank you for rating our answer:",
        "感謝您的評分：",
    ),
    (
        "rate_question",
        "How well did we answer?",
        "您對我們的處理滿意嗎？",
    ),
    (
        "rate_scale",
        "1 = poor, 5 = excellent",
        "1 = 很差，5 = 非常好",
    ),
    ("comment", "Comment", "意見"),
    ("send_rating", "Send rating", "送出評分"),
    (
        "rate_later",
        "You can rate our answer once the request is resolved.",
        "申請解決後即可評分。",
    ),
    // --- track and trace ------------------------------------------------------------
    ("shipments", "Shipments", "貨件"),
    ("shipment", "Shipment", "貨件"),
    ("my_shipments", "My shipments", "我的貨件"),
    ("find_reference", "Find by reference", "以單號查詢"),
    (
        "reference_hint",
        "Container, B/L, booking, or vessel IMO/voyage (9321483/2103S)",
        "貨櫃號碼、提單號碼、訂艙號碼，或船舶 IMO/航次（9321483/2103S）",
    ),
    ("clear", "Clear", "清除"),
    ("delayed_only", "Delayed only", "只看延誤"),
    ("delayed", "Delayed", "延誤"),
    ("vessel_imo", "Vessel IMO", "船舶 IMO"),
    ("voyage", "Voyage", "航次"),
    ("port", "Port", "港口"),
    ("bl", "B/L", "提單"),
    ("booking_ref", "Booking", "訂艙號碼"),
    ("route", "Route", "航線"),
    ("to", "to", "至"),
    ("vessel_voyage", "Vessel / voyage", "船名 / 航次"),
    ("slip", "Slip", "延誤時數"),
    ("no_shipments", "No shipments here.", "這裡沒有貨件。"),
    ("found_by_reference", "Shipments found for", "查詢結果："),
    ("no_such_customer", "no such customer", "查無此客戶"),
    ("linked_shipments", "Linked shipments", "相關貨件"),
    ("eta_at_pod", "Arrival at", "抵達"),
    ("current_eta", "Current ETA", "目前預計抵達時間"),
    ("first_plan", "First plan", "原定抵達時間"),
    ("parties", "Parties", "關係人"),
    ("party.booking", "Booking party", "訂艙人"),
    ("party.shipper", "Shipper", "託運人"),
    ("party.consignee", "Consignee", "收貨人"),
    ("party.notify", "Notify party", "通知人"),
    ("place_of_receipt", "Place of receipt", "收貨地"),
    ("port_of_loading", "Port of loading", "裝貨港"),
    ("port_of_discharge", "Port of discharge", "卸貨港"),
    ("place_of_delivery", "Place of delivery", "交貨地"),
    ("legs", "Legs", "航段"),
    ("timeline", "Timeline", "貨況時間軸"),
    (
        "timeline_hint",
        "Solid: happened (actual). Dashed: expected (estimated or planned).",
        "實心：已發生（實際）。虛線：預計（預估或預定）。",
    ),
    ("no_milestones", "No milestones yet.", "尚無貨況里程碑。"),
    ("containers", "Containers", "貨櫃"),
    ("container", "Container", "貨櫃"),
    ("iso_code", "Size/type", "尺寸/櫃型"),
    ("seals", "Seals", "封條"),
    ("fill", "Empty/laden", "空櫃/重櫃"),
    ("fill.LADEN", "Laden", "重櫃"),
    ("fill.EMPTY", "Empty", "空櫃"),
    ("events", "Events", "貨況事件"),
    ("event", "Event", "事件"),
    ("no_events", "No events yet.", "尚無貨況事件。"),
    ("classifier", "Actual or expected", "實際或預計"),
    ("place", "Place", "地點"),
    ("delay_reason", "Delay reason", "延誤原因"),
    ("event_id", "Event ID", "事件編號"),
    ("superseded", "superseded", "已被取代"),
    ("port_calls", "Port calls", "靠港資訊"),
    ("no_calls", "No port calls known.", "尚無靠港資訊。"),
    ("arrival", "Arrival", "抵港"),
    ("departure", "Departure", "離港"),
    ("cutoffs", "Cut-offs", "截止時間"),
    ("omitted", "Omitted", "取消靠港"),
    ("notices_sent", "Notices sent", "已發送通知"),
    ("notices_to_you", "Notices we sent you", "我們發給您的通知"),
    ("no_notices", "No notices sent.", "尚未發送通知。"),
    (
        "newest_notices",
        "The newest {n} of {total} notices.",
        "顯示最新 {n} 則，共 {total} 則通知。",
    ),
    ("who_told", "Who was told", "通知對象"),
    ("notice_channel", "Channel", "通知管道"),
    ("change", "Change", "異動"),
    ("a_contact", "a contact", "聯絡人"),
    ("linked_cases", "Linked cases", "相關案件"),
    ("vessel", "Vessel", "船舶"),
    ("flag", "Flag", "船籍"),
    ("call_sign", "Call sign", "呼號"),
    ("operator", "Operator", "營運人"),
    ("on_board", "On board", "船上貨件"),
    (
        "eta_threshold",
        "ETA slip notice threshold",
        "預計抵達延誤通知門檻",
    ),
    ("eta_threshold_hours", "Threshold (hours)", "門檻（小時）"),
    (
        "threshold_hint",
        "Tell this customer when an ETA slips by more than this (1 to 720 hours).",
        "預計抵達時間延誤超過此時數時通知客戶（1 至 720 小時）。",
    ),
    ("threshold_default", "the default", "預設值"),
    ("notification_prefs", "Notification preferences", "通知設定"),
    (
        "prefs_intro",
        "How we tell you about your shipments. Notices go to",
        "我們如何通知您貨件狀況。通知寄至",
    ),
    (
        "prefs_new_contact",
        "You are not yet among your company's contacts; saving adds you with this address.",
        "您尚未列於貴公司的聯絡人中；儲存後將以此地址新增。",
    ),
    ("prefs_what", "Tell me about", "通知我以下事項"),
    (
        "prefs_delays",
        "Vessel delays, roll-overs and route changes",
        "船期延誤、甩櫃及航線變更",
    ),
    (
        "prefs_documents",
        "B/L drafts, approvals and document holds",
        "提單草稿、核准及文件暫扣",
    ),
    ("prefs_invoices", "Invoices", "帳單"),
    ("prefs_marketing", "News and offers", "最新消息與優惠"),
    ("ms.booked", "Booked", "已訂艙"),
    ("ms.booking_confirmed", "Booking confirmed", "訂艙已確認"),
    ("ms.documents_drafted", "Documents drafted", "文件草稿完成"),
    ("ms.gate_in", "Gate-in", "進場"),
    ("ms.loaded", "Loaded", "已裝船"),
    ("ms.departed", "Departed", "已開航"),
    ("ms.transhipped", "Transhipped", "已轉運"),
    ("ms.arrived", "Arrived", "已抵港"),
    ("ms.discharged", "Discharged", "已卸船"),
    ("ms.document_issued", "B/L issued", "提單已簽發"),
    ("ms.gate_out", "Gate-out", "已出場"),
    ("ms.delivered", "Delivered", "已交貨"),
    ("ms.on_hold", "On hold", "暫扣中"),
    ("ms.released", "Released", "已放行"),
    // presence: DCSA classifiers as words, never the bare code (issue 14, item 5)
    ("cls.ACT", "actual", "實際"),
    ("cls.EST", "estimated", "預計"),
    ("cls.PLN", "planned", "計畫"),
    ("ev.ARRI", "Vessel arrival", "船舶抵港"),
    ("ev.DEPA", "Vessel departure", "船舶離港"),
    ("ev.LOAD", "Loaded on board", "裝船"),
    ("ev.DISC", "Discharged", "卸船"),
    ("ev.GTIN", "Gate-in", "進場"),
    ("ev.GTOT", "Gate-out", "出場"),
    ("ev.STUF", "Stuffed", "裝櫃"),
    ("ev.STRP", "Stripped", "拆櫃"),
    ("ev.PICK", "Picked up", "提櫃"),
    ("ev.DROP", "Dropped off", "還櫃"),
    ("ev.INSP", "Inspected", "查驗"),
    ("ev.RSEA", "Resealed", "重新加封"),
    ("ev.RMVD", "Removed", "移出"),
    ("ev.RECE", "Received", "已收到"),
    ("ev.DRFT", "Drafted", "草稿"),
    ("ev.PENA", "Pending approval", "待核准"),
    ("ev.PENU", "Pending update", "待更新"),
    ("ev.REJE", "Rejected", "已退回"),
    ("ev.APPR", "Approved", "已核准"),
    ("ev.ISSU", "Issued", "已簽發"),
    ("ev.SURR", "Surrendered", "已繳回"),
    ("ev.SUBM", "Submitted", "已提交"),
    ("ev.VOID", "Voided", "已作廢"),
    ("ev.CONF", "Confirmed", "已確認"),
    ("ev.REQS", "Requested", "已申請"),
    ("ev.CMPL", "Completed", "已完成"),
    ("ev.HOLD", "On hold", "暫扣"),
    ("ev.RELS", "Released", "已放行"),
    ("change.eta_slip", "ETA slip", "預計抵達延誤"),
    ("change.rolled_over", "Rolled over", "甩櫃"),
    ("change.port_omitted", "Port call omitted", "取消靠港"),
    ("change.cut_off_changed", "Cut-off changed", "截止時間變更"),
    ("change.document_hold", "Document hold", "文件暫扣"),
    (
        "recipient.owner",
        "Account owner (proactive case)",
        "負責客服（主動案件）",
    ),
    ("recipient.webhook", "Webhook", "Webhook"),
    ("nchannel.email", "E-mail", "電子郵件"),
    ("nchannel.portal", "Portal", "客戶入口網站"),
    ("nchannel.webhook", "Webhook", "Webhook"),
    ("nchannel.case", "Case", "案件"),
    ("nchannel.phone", "Phone", "電話"),
    ("nchannel.chat", "Chat", "線上交談"),
    ("lang.en", "English", "英文"),
    ("lang.zh-TW", "Traditional Chinese", "繁體中文"),
    // hardening (issue 14, items 10–13): flags on mail that could not be read whole
    (
        "mail_as_text",
        "Shown as plain text: the e-mail's HTML was too large or too deeply nested to show safely",
        "以純文字顯示：此電子郵件的 HTML 過大或巢狀過深，無法安全顯示",
    ),
    (
        "mail_problems",
        "Parts of this e-mail could not be read",
        "此電子郵件有部分內容無法讀取",
    ),
    // pages: 403 and 404 pages with a way back
    ("error.forbidden", "Not for your role", "您沒有權限"),
    (
        "error.forbidden_text",
        "Your account may not open this page.",
        "您的帳號無法開啟此頁面。",
    ),
    ("error.not_found", "Not found", "找不到頁面"),
    (
        "error.not_found_text",
        "There is no such page, or it is not yours to see.",
        "此頁面不存在，或您無權查看。",
    ),
    ("error.home", "Back to my start page", "回到我的首頁"),
    // pages: the inbox's channel and last activity
    ("last_activity", "Last activity", "最後動態"),
    // pages: fields as their forms label them (labels::field_label)
    ("field.refs", "Reference", "相關單號"),
    ("field.value", "Value", "號碼"),
    ("field.ref_value", "Reference number", "單號"),
    ("field.due_at", "Due", "期限"),
    ("field.action", "What was promised", "承諾內容"),
    (
        "field.remind_mins",
        "Remind me (minutes before)",
        "提前提醒（分鐘）",
    ),
    ("field.body", "Message", "訊息"),
    ("field.message", "Message", "訊息"),
    ("field.customer_id", "Customer", "客戶"),
    ("field.contact_id", "Contact", "聯絡人"),
    ("field.team_id", "Team", "團隊"),
    ("field.assignee_id", "Agent", "客服人員"),
    ("field.owner_id", "Account owner", "負責客服"),
    ("field.account_owner_id", "Account owner", "負責客服"),
    ("field.sales_owner_id", "Sales owner", "業務負責人"),
    ("field.case_type", "Type", "類型"),
    ("field.emails", "E-mail", "電子郵件"),
    ("field.addresses", "Address", "地址"),
    ("field.lines", "Lines", "地址行"),
    ("field.city", "City", "城市"),
    ("field.country", "Country", "國家"),
    ("field.postal_code", "Postal code", "郵遞區號"),
    ("field.into", "Merge into case number", "合併至案件編號"),
    ("field.other", "Link to case number", "關聯案件編號"),
    ("field.score", "Rating", "評分"),
    (
        "field.preferred_channel",
        "Preferred channel",
        "偏好聯絡方式",
    ),
    ("field.step", "Next step", "下一步"),
    ("field.user_id", "Who", "人員"),
    ("field.department_id", "Department", "部門"),
    ("field.version", "Version", "版本"),
    ("field.valid_from", "Valid from", "生效日"),
    ("field.valid_to", "Valid to", "到期日"),
    ("field.role_title", "Role", "職稱"),
    ("field.occurred_at", "When", "時間"),
    ("field.template", "Reply template", "回覆範本"),
    ("field.form", "Form", "表單"),
    // pages: validation messages in Chinese (labels::message); `{}` stands for a number or word
    ("msg.is required", "is required", "為必填"),
    (
        "msg.is longer than {} characters",
        "is longer than {} characters",
        "超過 {} 個字元",
    ),
    (
        "msg.contains control characters",
        "contains control characters",
        "含有控制字元",
    ),
    ("msg.unknown", "unknown", "不是可選的值"),
    (
        "msg.choose one of the options",
        "choose one of the options",
        "請從選項中選擇",
    ),
    ("msg.no such user", "no such user", "查無此使用者"),
    ("msg.no such customer", "no such customer", "查無此客戶"),
    ("msg.no such case", "no such case", "查無此案件"),
    ("msg.no such team", "no such team", "查無此團隊"),
    ("msg.no such template", "no such template", "查無此範本"),
    ("msg.no such calendar", "no such calendar", "查無此行事曆"),
    (
        "msg.must be a date YYYY-MM-DD",
        "must be a date YYYY-MM-DD",
        "須為日期（YYYY-MM-DD）",
    ),
    (
        "msg.is not a known user",
        "is not a known user",
        "不是已知的使用者",
    ),
    (
        "msg.must be a number of minutes",
        "must be a number of minutes",
        "須為分鐘數",
    ),
    ("msg.must be 1 to 5", "must be 1 to 5", "須為 1 至 5"),
    ("msg.must be 0 to {}", "must be 0 to {}", "須為 0 至 {}"),
    ("msg.must be 1 to {}", "must be 1 to {}", "須為 1 至 {}"),
    ("msg.is not an id", "is not an id", "不是有效的識別碼"),
    (
        "msg.is not a contact of this customer",
        "is not a contact of this customer",
        "不是此客戶的聯絡人",
    ),
    (
        "msg.must be in the future",
        "must be in the future",
        "須為未來的時間",
    ),
    (
        "msg.must be an RFC 3339 time such as 2026-11-23T09:00:00+08:00",
        "must be an RFC 3339 time such as 2026-11-23T09:00:00+08:00",
        "須為日期與時間，例如 2026-11-23 09:00",
    ),
    ("msg.is too long", "is too long", "太長"),
    (
        "msg.is not an available agent",
        "is not an available agent",
        "不是可接案的客服人員",
    ),
    (
        "msg.is not an active agent",
        "is not an active agent",
        "不是啟用中的客服人員",
    ),
    ("msg.is for staff only", "is for staff only", "僅限內部人員"),
    (
        "msg.is already used by another user",
        "is already used by another user",
        "已被其他使用者使用",
    ),
    (
        "msg.is already used by another department",
        "is already used by another department",
        "已被其他部門使用",
    ),
    (
        "msg.is already used by another contract",
        "is already used by another contract",
        "已被其他合約使用",
    ),
    (
        "msg.belongs to another customer",
        "belongs to another customer",
        "屬於其他客戶",
    ),
    (
        "msg.a case cannot link to itself",
        "a case cannot link to itself",
        "案件不能關聯自己",
    ),
    (
        "msg.must be more than zero",
        "must be more than zero",
        "須大於零",
    ),
    (
        "msg.must be an ISO 4217 code, e.g. USD",
        "must be an ISO 4217 code, e.g. USD",
        "須為 ISO 4217 幣別代碼，例如 USD",
    ),
    (
        "msg.is required when the preferred channel is email",
        "is required when the preferred channel is email",
        "偏好以電子郵件聯絡時為必填",
    ),
    (
        "msg.is required for portal access",
        "is required for portal access",
        "開通入口網站權限時為必填",
    ),
    (
        "msg.is not a known IANA time zone, e.g. Asia/Taipei",
        "is not a known IANA time zone, e.g. Asia/Taipei",
        "不是有效的時區，例如 Asia/Taipei",
    ),
    (
        "msg.is not a known department",
        "is not a known department",
        "不是已知的部門",
    ),
    (
        "msg.is not a known customer",
        "is not a known customer",
        "不是已知的客戶",
    ),
    ("msg.is not a case", "is not a case", "不是案件"),
    ("msg.at most {} tags", "at most {} tags", "最多 {} 個標籤"),
    (
        "msg.must be sales, logistics, operations or finance",
        "must be sales, logistics, operations or finance",
        "須為業務、物流、營運或財務",
    ),
    (
        "msg.the case is not open",
        "the case is not open",
        "此案件未在處理中",
    ),
    ("msg.unknown view", "unknown view", "沒有這個檢視"),
    // pages: the customer book's vocabularies in words
    ("tier.platinum", "Platinum", "白金"),
    ("tier.gold", "Gold", "金級"),
    ("tier.silver", "Silver", "銀級"),
    ("tier.bronze", "Bronze", "銅級"),
    ("cstatus.prospect", "Prospect", "潛在客戶"),
    ("cstatus.active", "Active", "往來中"),
    ("cstatus.archived", "Archived", "已封存"),
    ("channel.webhook", "Webhook", "Webhook"),
    ("activity.call", "Call", "電話"),
    ("activity.meeting", "Meeting", "會議"),
    ("activity.visit", "Visit", "拜訪"),
    ("activity.survey", "Survey", "問卷"),
    ("activity.gift", "Gift", "贈禮"),
    ("activity.event", "Event", "活動"),
    ("checklist", "Checklist", "檢核清單"),
    ("sort_updated", "updated", "更新時間"),
    ("address_line_1", "Address line 1", "地址第 1 行"),
    ("address_line_2", "Address line 2", "地址第 2 行"),
    ("city_label", "City", "城市"),
    ("country_label", "Country (ISO 3166)", "國家（ISO 3166）"),
    ("handover.contract_signed", "Contract signed", "合約已簽署"),
    (
        "handover.credit_approved",
        "Credit approved",
        "信用額度已核准",
    ),
    (
        "handover.contacts_verified",
        "Contacts verified",
        "聯絡人已確認",
    ),
    (
        "handover.service_requirements_recorded",
        "Service requirements recorded",
        "服務要求已記錄",
    ),
    (
        "handover.introduction_call_held",
        "Introduction call held",
        "介紹電話已完成",
    ),
    ("hstatus.open", "open", "進行中"),
    ("hstatus.completed", "completed", "已完成"),
    ("token.active", "active", "啟用中"),
    ("token.revoked", "revoked", "已撤銷"),
    ("role.admin", "Administrator", "系統管理員"),
    ("role.supervisor", "Supervisor", "主管"),
    ("role.agent", "Agent", "客服人員"),
    ("role.department", "Department user", "部門使用者"),
    ("role.customer", "Customer (portal)", "客戶（入口網站）"),
    ("free_time", "Free time", "免費期"),
    ("authority", "Authority", "權限上限"),
    ("days", "d", "天"),
    ("first_response_short", "1st", "首次回覆"),
    ("resolution_short", "res.", "解決"),
    // pages: audit history in words: its actions and the kinds of record
    ("audit.create", "created", "建立"),
    ("audit.update", "updated", "修改"),
    ("audit.delete", "deleted", "刪除"),
    ("audit.archive", "archived", "封存"),
    ("audit.login", "logged in", "登入"),
    ("audit.customer", "customer", "客戶"),
    ("audit.contact", "contact", "聯絡人"),
    ("audit.contract", "contract", "合約"),
    ("audit.activity", "activity", "活動"),
    ("audit.handover", "hand-over", "移交"),
    ("audit.case", "case", "案件"),
    ("audit.user", "user", "使用者"),
    (
        "audit.tnt_subscription",
        "tracking subscription",
        "貨況訂閱",
    ),
    ("audit.team", "team", "團隊"),
    ("audit.sla_policy", "SLA policy", "SLA 政策"),
    ("audit.shift_handover", "shift hand-over", "交班"),
    ("audit.dept_task", "department question", "部門詢問"),
    ("audit.department", "department", "部門"),
    ("audit.calendar", "calendar", "行事曆"),
    ("audit.api_token", "API token", "API 金鑰"),
    ("audit.agent_profile", "agent profile", "客服人員設定"),
    ("audit.tracking_source", "tracking source", "貨況來源"),
    ("audit.shipment", "shipment", "貨件"),
    ("audit.secret", "secret", "密鑰"),
    ("audit.schedules", "schedules", "船期"),
    ("audit.reply_template", "reply template", "回覆範本"),
    ("audit.reply", "reply", "回覆"),
    ("audit.rate", "rating", "評分"),
    ("audit.promise", "promise", "承諾"),
    ("audit.note", "note", "備註"),
    ("audit.merge", "merge", "合併"),
    ("audit.link", "link", "關聯"),
    ("audit.keep_promise", "promise kept", "承諾完成"),
    ("audit.import", "import", "匯入"),
    ("audit.goodwill", "goodwill", "補償"),
    ("audit.decide_goodwill", "goodwill decided", "補償決定"),
    ("audit.customer_reply", "customer reply", "客戶回覆"),
    ("audit.complaint_step", "complaint step", "客訴步驟"),
    ("audit.call", "call", "電話"),
    ("audit.assign", "assignment", "指派"),
    ("audit.ask", "question", "詢問"),
    ("audit.answer", "answer", "答覆"),
    ("audit.acknowledge", "acknowledgement", "確認"),
    ("audit.absence", "absence", "請假"),
    ("audit.status", "status change", "狀態變更"),
    ("audit.split", "split", "分案"),
    ("audit.password", "password change", "變更密碼"),
    ("audit.logout", "logged out", "登出"),
    ("audit.revoke", "revoked", "撤銷"),
    ("audit.busy", "busy period", "旺季模式"),
    ("audit.member", "team member", "團隊成員"),
    ("audit.threshold", "notice threshold", "通知門檻"),
    ("audit.notice_threshold", "notice threshold", "通知門檻"),
    ("audit.preferences", "preferences", "通知設定"),
    ("direction.inbound", "incoming", "來電／來信"),
    ("direction.outbound", "outgoing", "去電／去信"),
    ("mkind.public", "reply", "回覆"),
    ("mkind.note", "internal note", "內部備註"),
    ("mkind.call", "call", "電話"),
    ("mkind.event", "event", "系統紀錄"),
    ("field.eta", "ETA", "預計抵達"),
    ("field.first_eta", "First ETA", "原定抵達"),
    ("field.eta_classifier", "ETA kind", "預計抵達類型"),
    ("field.legs", "Legs", "航段"),
    ("field.containers", "Containers", "貨櫃"),
    ("field.delayed", "Delayed", "延誤"),
    ("field.reference", "Reference", "單號"),
    ("field.booking_reference", "Booking", "訂艙號碼"),
    ("field.port_of_loading", "Port of loading", "裝貨港"),
    ("field.port_of_discharge", "Port of discharge", "卸貨港"),
    ("field.place_of_delivery", "Place of delivery", "交貨地"),
    ("field.planned_arrival", "Planned arrival", "預定抵達"),
    ("field.vessel_imo", "Vessel IMO", "船舶 IMO"),
    ("field.load", "Load port", "裝貨港"),
    ("field.discharge", "Discharge port", "卸貨港"),
    ("field.number", "Number", "號碼"),
    ("field.iso_code", "Size/type", "尺寸/櫃型"),
    ("field.seals", "Seals", "封條"),
    ("field.asked_at", "Asked", "詢問時間"),
    ("field.asked_by", "Asked by", "詢問人"),
    ("field.answered_at", "Answered", "答覆時間"),
    ("field.answered_by", "Answered by", "答覆人"),
    ("field.note", "Note", "備註"),
    ("field.state", "State", "狀態"),
    ("field.authority_limit", "Authority limit", "權限上限"),
    ("field.requested_by", "Requested by", "申請人"),
    ("field.decided_by", "Decided by", "決定人"),
    ("field.actor_id", "Who", "人員"),
    ("field.agent_id", "Agent", "客服人員"),
    ("field.done_at", "Done", "完成時間"),
    ("field.remind_at", "Reminder", "提醒時間"),
    ("field.occurred", "When", "時間"),
    ("field.key_account", "Key account", "重點客戶"),
    ("field.archived", "Archived", "已封存"),
    ("field.notes", "Notes", "備註"),
    ("field.direction", "Direction", "方向"),
    ("field.kind", "Kind", "類型"),
    ("field.portal_access", "Portal access", "入口網站權限"),
    ("field.assign_reason", "Why this owner", "指派原因"),
    ("field.notifications", "Notifications", "通知"),
    ("field.delays", "Delays", "延誤"),
    ("field.documents", "Documents", "文件"),
    ("field.invoices", "Invoices", "帳單"),
    ("field.marketing", "News and offers", "最新消息與優惠"),
    // pages: notifications by kind, in the reader's language
    ("notice_kind.mention", "You were mentioned", "有人提到您"),
    (
        "notice_kind.customer_reply",
        "New customer message",
        "客戶新訊息",
    ),
    (
        "notice_kind.dept_task",
        "Question for your department",
        "部門詢問",
    ),
    (
        "notice_kind.dept_answer",
        "A department answered",
        "部門已答覆",
    ),
    (
        "notice_kind.goodwill_approval",
        "Goodwill to approve",
        "待核准的補償",
    ),
    (
        "notice_kind.goodwill_decided",
        "Goodwill decided",
        "補償已決定",
    ),
    ("notice_kind.shift_handover", "Shift hand-over", "交班"),
    ("notice_kind.sla_warning", "SLA at risk", "SLA 即將逾時"),
    ("notice_kind.sla_breach", "SLA breached", "SLA 已逾時"),
    (
        "notice_kind.follow_up_reminder",
        "Follow-up due soon",
        "承諾事項即將到期",
    ),
    (
        "notice_kind.follow_up_overdue",
        "Follow-up overdue",
        "承諾事項已逾期",
    ),
    (
        "notice_kind.case_assigned",
        "A case is yours",
        "指派給您的案件",
    ),
    (
        "notice_kind.mail_failed",
        "Mail could not be read",
        "郵件無法讀取",
    ),
    (
        "notice_kind.handover_started",
        "A customer is being handed over to you",
        "客戶移交給您中",
    ),
    (
        "notice_kind.handover_completed",
        "A customer is now yours",
        "客戶已移交給您",
    ),
    // pages: timeline events Purser writes, by shape (console::system_words)
    ("event.status", "status {0} → {1}", "狀態：{0} → {1}"),
    ("event.assigned", "assigned to {0}: {1}", "指派給 {0}：{1}"),
    (
        "event.promised",
        "promised: {0} by {1}",
        "承諾：{0}，期限 {1}",
    ),
    (
        "event.promise_kept",
        "promise kept {0}: {1}",
        "承諾已完成（{0}）：{1}",
    ),
    ("event.asked", "asked {0}: {1}", "詢問{0}：{1}"),
    (
        "event.complaint_step",
        "complaint step: {0}",
        "客訴步驟：{0}",
    ),
    (
        "event.goodwill_requested",
        "goodwill {0} {1} {2}: {3}",
        "補償（{0}）{1} {2}：{3}",
    ),
    (
        "event.goodwill_decided",
        "goodwill {0} {1}: {2}",
        "補償 {0} {1}：{2}",
    ),
    ("event.linked", "linked {0} as {1}", "已關聯 {0}（{1}）"),
    ("event.merged_into", "merged into {0}", "已合併至 {0}"),
    (
        "event.merged_here",
        "{0} merged into this case",
        "{0} 已合併至本案",
    ),
    ("event.split_off", "split off {0}", "已分出 {0}"),
    (
        "event.follows",
        "follows closed case {0}",
        "延續已結案的 {0}",
    ),
    (
        "event.sla_warning",
        "{0}: {1} is at risk",
        "{0}：{1}即將逾時",
    ),
    (
        "event.sla_breach",
        "{0}: {1} target breached; {2}",
        "{0}：{1}目標已逾時；{2}",
    ),
    (
        "event.sla_breach_plain",
        "{0}: {1} target breached",
        "{0}：{1}目標已逾時",
    ),
    (
        "event.promise_overdue",
        "{0}: promise \"{1}\" is overdue",
        "{0}：承諾「{1}」已逾期",
    ),
    (
        "event.acknowledged",
        "acknowledged to {0} (outbox {1})",
        "已寄送受理通知給 {0}（寄件佇列 {1}）",
    ),
    (
        "event.ack_failed",
        "The acknowledgement to {0} could not be delivered: {1}",
        "寄給 {0} 的受理通知無法送達：{1}",
    ),
    (
        "event.reply_failed",
        "The reply to {0} could not be delivered: {1}",
        "寄給 {0} 的回覆無法送達：{1}",
    ),
    (
        "event.proactive",
        "Proactive notice for the account owner ({0} shipment(s)):\n\n{1}",
        "給負責客服的主動通知（{0} 筆貨件）：\n\n{1}",
    ),
    ("kept.on_time", "on time", "準時"),
    ("kept.late", "late", "逾時"),
    // pages: routing's reasons (console::system_words::reason)
    (
        "reason.overflow_only_busy",
        "in the overflow team, which helps only in a busy period",
        "屬於僅在旺季支援的團隊",
    ),
    (
        "reason.none_available",
        "no available agent with capacity and the skills",
        "沒有具備技能且仍有餘裕的客服人員",
    ),
    (
        "reason.left_in_queue",
        "; left in the team queue",
        "；留在團隊佇列",
    ),
    (
        "reason.from_overflow",
        ", from the overflow team (busy period)",
        "，來自支援團隊（旺季）",
    ),
    (
        "reason.least_loaded",
        "least loaded available agent",
        "負載最低的可接案客服人員",
    ),
    (
        "reason.account_owner",
        "account owner of the customer",
        "客戶的負責客服",
    ),
    ("reason.owner_is", "; account owner is ", "；負責客服"),
    (
        "reason.took_it",
        "took it when filing it",
        "建立案件時自行接手",
    ),
    ("reason.by_hand", "assigned by hand", "手動指派"),
    ("reason.returned", "returned to the queue", "退回佇列"),
    ("reason.not_in_team", "not in this team", "不在此團隊"),
    ("reason.at_capacity", "at capacity", "已達上限"),
    ("reason.open_with", " open) with ", " 件處理中），條件："),
    ("reason.language", "language ", "語言 "),
    ("reason.type", "type ", "類型 "),
    ("reason.lane", "lane ", "航線 "),
    ("reason.of", " of ", " / "),
    // pages: SLA history details (console::system_words::sla_detail)
    (
        "sla.waiting_on_customer",
        "waiting on the customer",
        "等待客戶回覆",
    ),
    (
        "sla.supervisors_notified",
        "supervisors notified",
        "已通知主管",
    ),
    (
        "sla.priority_raised",
        "priority raised to ",
        "優先順序提高為 ",
    ),
    ("sla.moved_to_team", "moved to team ", "移至團隊 "),
    ("sla.case_reopened", "case reopened", "案件重新開啟"),
    ("sla.business_minutes", " business minutes", " 個工作分鐘"),
    ("sla.target", "target ", "目標 "),
    ("reason.absent", "absent", "請假中"),
    // pages: the domain's checks of typed identifiers, in Chinese
    ("msg.is empty", "is empty", "不可空白"),
    (
        "msg.is not a valid e-mail address",
        "is not a valid e-mail address",
        "不是有效的電子郵件地址",
    ),
    (
        "msg.is not a valid phone number (6 to 15 digits, optional leading +)",
        "is not a valid phone number (6 to 15 digits, optional leading +)",
        "不是有效的電話號碼（6 至 15 位數字，可加國碼 +）",
    ),
    (
        "msg.must be 4 letters, 6 digits and a check digit (ISO 6346), e.g. CSQU3054383",
        "must be 4 letters, 6 digits and a check digit (ISO 6346), e.g. CSQU3054383",
        "須為 4 個字母、6 位數字及 1 位檢查碼（ISO 6346），例如 CSQU3054383",
    ),
    (
        "msg.must be 7 digits (IMO number)",
        "must be 7 digits (IMO number)",
        "須為 7 位數字（IMO 編號）",
    ),
    (
        "msg.must be a 2-letter country and 3 characters from A-Z and 2-9 (UN/LOCODE), e.g. TWKHH",
        "must be a 2-letter country and 3 characters from A-Z and 2-9 (UN/LOCODE), e.g. TWKHH",
        "須為 2 碼國家代碼加 3 個 A-Z 或 2-9 字元（UN/LOCODE），例如 TWKHH",
    ),
    (
        "msg.must be an ISO 3166-1 alpha-2 code, e.g. TW",
        "must be an ISO 3166-1 alpha-2 code, e.g. TW",
        "須為 ISO 3166-1 二碼國家代碼，例如 TW",
    ),
    (
        "msg.must not be negative",
        "must not be negative",
        "不可為負數",
    ),
    (
        "msg.needs at least one line",
        "needs at least one line",
        "至少需要一行",
    ),
    (
        "msg.has no working hours",
        "has no working hours",
        "沒有工作時段",
    ),
    (
        "msg.is before valid_from",
        "is before valid_from",
        "早於生效日",
    ),
    // pages: the reply templates' names as the picker shows them (others read as their name)
    ("template.acknowledge", "Acknowledge receipt", "受理通知"),
    (
        "template.request_documents",
        "Request documents",
        "索取文件",
    ),
    ("template.eta_update", "ETA update", "預計抵達時間更新"),
    ("template.bl_draft", "B/L draft", "提單草稿"),
    (
        "template.follow_up_promise",
        "Promise a follow-up",
        "承諾回覆",
    ),
    (
        "template.complaint_received",
        "Complaint received",
        "客訴受理",
    ),
    ("template.resolved", "Resolved", "結案通知"),
    // pages: a reply template's blanks, warned of before sending
    (
        "blanks_warning",
        "The template had no value for these; fill them in before sending:",
        "範本無法自動填入以下欄位，送出前請先填寫：",
    ),
    (
        "send_with_blanks",
        "Send it with these blanks anyway",
        "仍要連同未填欄位送出",
    ),
    ("field.blanks", "Blanks", "未填欄位"),
    ("msg.still to fill: {}", "still to fill: {}", "尚未填寫：{}"),
    (
        "msg.matches several customers: {}",
        "matches several customers: {}",
        "符合多位客戶：{}",
    ),
    // presence: status, absences, local time, collisions and copies (issue 14, 4, 5, 9)
    ("open_of_capacity", "{}/{} open", "{}/{} 件處理中"),
    ("at_capacity", "at capacity", "已達上限"),
    ("absent_until", "absent until {}", "休假至 {}"),
    (
        "is_replying_since",
        "{} is replying since {}",
        "{} 自 {} 起正在回覆",
    ),
    (
        "is_viewing_since",
        "{} has this case open since {}",
        "{} 自 {} 起正在檢視此案件",
    ),
    ("my_status", "My status", "我的狀態"),
    (
        "times_shown_in",
        "Times are shown in {}.",
        "時間以 {} 顯示。",
    ),
    ("follow_team_zone", "Your team's zone", "依所屬團隊時區"),
    (
        "time_zone_hint",
        "An IANA name such as Asia/Taipei; leave empty to follow your team's zone (else UTC).",
        "IANA 時區名稱，例如 Asia/Taipei；留空則依所屬團隊時區（否則為 UTC）。",
    ),
    ("team_time_zone", "Time zone", "時區"),
    ("absences", "Absences", "休假"),
    ("absent_from", "Absent from", "休假開始"),
    ("absent_to", "Absent until", "休假結束"),
    ("substitute", "Substitute", "代理人"),
    (
        "times_in_zone",
        "Times are read in your time zone.",
        "時間以您的時區解讀。",
    ),
    ("record_absence", "Record absence", "登記休假"),
    (
        "agents_marked_hint",
        "Agents away, absent or at capacity are marked and listed last.",
        "暫離、休假或已達上限的客服人員會標示並排在最後。",
    ),
    ("absence_recorded", "Absence recorded.", "已登記休假。"),
    ("cc", "CC", "副本"),
    ("bcc", "BCC", "密件副本"),
    (
        "copies_hint",
        "E-mail addresses, separated by commas. The customer never sees BCC.",
        "電子郵件地址，以逗號分隔。客戶看不到密件副本。",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_keys_are_unique() {
        let mut keys: Vec<&str> = entries().map(|w| w.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate key");
        for (k, en, tw) in entries() {
            assert!(!en.is_empty() && !tw.is_empty(), "{k}");
        }
        assert_eq!(T(Language::ZhTw).s("customers"), "客戶");
        assert_eq!(T(Language::En).s("customers"), "Customers");
    }

    /// pages: a key a template or handler asks for but nobody wrote shows as "?" on the page.
    #[test]
    fn every_key_the_pages_ask_for_has_words() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["templates", "src/console", "src/console/kb"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                files.push(e.unwrap().path());
            }
        }
        let mut asked = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for piece in text.split(".s(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or("");
                if key.is_empty() || key.contains('{') {
                    continue;
                }
                asked += 1;
                assert!(
                    entries().any(|w| w.0 == key),
                    "{} asks for {key:?}, which has no words",
                    f.display()
                );
            }
        }
        assert!(asked > 100, "the pages ask for their words with t.s(\"…\")");
    }

    #[test]
    fn a_vocabulary_value_has_a_word_or_reads_as_itself() {
        assert_eq!(
            T(Language::ZhTw).label("status", "waiting_on_customer"),
            "等待客戶回覆"
        );
        assert_eq!(
            T(Language::En).label("clock", "some_new_event"),
            "some new event"
        );
    }

    #[test]
    fn every_case_status_priority_and_type_has_words() {
        use purser_domain::cases::state::CaseStatus;
        use purser_domain::cases::{CaseType, Priority};
        let keys = CaseStatus::ALL
            .iter()
            .map(|x| format!("status.{x}"))
            .chain(Priority::ALL.iter().map(|x| format!("priority.{x}")))
            .chain(CaseType::ALL.iter().map(|x| format!("type.{x}")));
        for k in keys {
            assert!(entries().any(|w| w.0 == k), "{k} has no words");
        }
    }
}
