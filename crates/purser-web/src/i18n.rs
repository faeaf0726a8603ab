//! The console's words in English and Traditional Chinese, chosen by the user's language.

use purser_domain::customers::Language;

/// A lookup of console strings for one language; missing keys fall back to the key.
#[derive(Clone, Copy)]
pub struct T(pub Language);

impl T {
    pub fn s(&self, key: &str) -> &'static str {
        let zh = self.0 == Language::ZhTw;
        for (k, en, tw) in WORDS {
            if *k == key {
                return if zh { tw } else { en };
            }
        }
        "?"
    }

    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }

    /// The word for one value of a vocabulary (`status`, `priority`, `type`, …): the entry
    /// `prefix.value`, else the value itself made readable.
    pub fn label(&self, prefix: &str, value: &str) -> String {
        let key = format!("{prefix}.{value}");
        let zh = self.0 == Language::ZhTw;
        WORDS
            .iter()
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
    ("due_utc", "Due (UTC)", "期限（UTC）"),
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
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_keys_are_unique() {
        let mut keys: Vec<&str> = WORDS.iter().map(|w| w.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate key");
        for (k, en, tw) in WORDS {
            assert!(!en.is_empty() && !tw.is_empty(), "{k}");
        }
        assert_eq!(T(Language::ZhTw).s("customers"), "客戶");
        assert_eq!(T(Language::En).s("customers"), "Customers");
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
            assert!(WORDS.iter().any(|w| w.0 == k), "{k} has no words");
        }
    }
}
