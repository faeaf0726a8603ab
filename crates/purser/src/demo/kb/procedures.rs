//! The demo's procedures, a quality standard and a policy in English and Traditional
//! Chinese: some public (customers read them in the portal), some internal, one a draft.

use super::Pair;
use purser_domain::kb::ArticleState::{Draft, Internal, Public};
use purser_domain::kb::Category::{Policy, Procedure, QualityStandard};

pub const ARTICLES: &[Pair] = &[
    (
        Procedure,
        Public,
        "How to request a B/L amendment",
        "# Before the B/L is issued\nChanges to the draft B/L are free of charge. Reply to the draft with the changes.\n\n# After the B/L is issued\n1. Open a request in the portal (type: B/L amendment) with the booking and B/L numbers.\n2. List each field to change, as it reads now and as it should read, and why.\n3. If originals were issued, return the full set (3/3); a surrendered or sea waybill B/L needs no originals.\n4. A change of consignee or notify party needs a letter of indemnity signed by the shipper.\n5. We confirm the fee before we amend; the amendment fee and any destination manifest correction charge are as per tariff.\n\nSome changes cannot be made once the vessel has sailed or the manifest has been filed at destination (for example the port of discharge). We tell you at once if yours is one of them.",
        "如何申請提單更正",
        "# 提單簽發前\n更正提單草稿不收費，請直接回覆草稿並註明修改內容。\n\n# 提單簽發後\n1. 於客戶平台提出申請（類型：提單更正），註明訂艙號碼與提單號碼。\n2. 逐項列出需更正的欄位、目前內容、正確內容及原因。\n3. 若已簽發正本，請繳回全套正本 (3/3)；電放提單或海運貨單無須繳回正本。\n4. 變更受貨人或通知人須附託運人簽署之切結書 (LOI)。\n5. 更正前我們會先確認費用；更正費及目的港艙單更正費依費率表收取。\n\n船舶開航或目的港艙單申報後，部分項目（例如卸貨港）無法更正；若您的申請屬於此類，我們會立即通知您。",
    ),
    (
        Procedure,
        Public,
        "How to request a telex release",
        "1. The shipper asks for a telex release in writing, quoting the B/L number, before the B/L is issued or by returning the full set of originals (3/3) to our office at the port of loading.\n2. All charges due at origin are paid (and freight, when prepaid).\n3. We send the release message to our destination office and confirm to you by e-mail, usually within one working day.\n4. The consignee collects the delivery order (D/O) at destination after paying the destination charges; no original B/L is needed.\n\nA telex release fee is charged as per tariff. A B/L issued \"to order\" of a bank cannot be released without the bank's consent.",
        "如何申請電報放貨",
        "1. 託運人以書面提出電放申請並註明提單號碼：於提單簽發前申請，或將全套正本 (3/3) 繳回裝貨港辦公室。\n2. 付清起運港應付費用（預付運費者並付清運費）。\n3. 我們發送放貨電報至目的港辦公室，並以電子郵件向您確認，通常於一個工作天內完成。\n4. 受貨人於目的港付清當地費用後領取提貨單 (D/O)，無須正本提單。\n\n電放費依費率表收取。以銀行為指示人之提單，須經銀行同意方可電放。",
    ),
    (
        Procedure,
        Public,
        "How free time, demurrage and detention are counted",
        "Free time is counted in calendar days, weekends and public holidays included, as the tariff or your service contract gives it for the port and the equipment type.\n\n- Import demurrage: day 1 is the day of discharge; the clock stops when the full container leaves the terminal.\n- Import detention: day 1 is the day of gate-out; the clock stops when the empty container is returned.\n- Export: detention runs from the empty pick-up until the full gate-in; demurrage from the full gate-in until loading.\n\nExample: 5 free days of demurrage, discharged on 3 March, gated out on 10 March. Days 1 to 5 are 3 to 7 March; 8, 9 and 10 March are charged: 3 days of demurrage.\n\nCharges are per container per day, and the daily rate rises after the first period as the tariff says. Ask us before your free time ends if you expect a delay.",
        "免費期、櫃場延滯費與延遲還櫃費的計算方式",
        "免費期以日曆天計算，週末及國定假日均計入，天數依費率表或服務合約對該港口及櫃型的約定。\n\n- 進口櫃場延滯費：卸船當天為第 1 天，重櫃提離碼頭時停止計算。\n- 進口延遲還櫃費：重櫃提離碼頭當天為第 1 天，空櫃歸還時停止計算。\n- 出口：延遲還櫃費自領取空櫃起至重櫃進場止；櫃場延滯費自重櫃進場起至裝船止。\n\n範例：櫃場延滯免費期 5 天，3 月 3 日卸船，3 月 10 日提櫃。第 1 至 5 天為 3 月 3 日至 7 日；3 月 8、9、10 日計費，共 3 天櫃場延滯費。\n\n費用按櫃按日計算，超過第一期後依費率表提高日費率。若預期無法於免費期內完成，請提前與我們聯繫。",
    ),
    (
        Procedure,
        Internal,
        "Handling a roll-over notice",
        "1. Find the reason in the vessel's load list (overbooking, late gate-in, missing VGM, customs hold).\n2. Tell the customer within 4 business hours, with the new vessel, voyage and ETD.\n3. If the roll-over is our fault, offer the next sailing with priority loading and ask the supervisor about waiving storage.\n4. Record the new vessel on the case and add a follow-up for the new ETD.\n5. A key account's roll-over goes to the supervisor the same day.",
        "甩櫃通知處理",
        "1. 由船舶裝載清單查明原因（超訂、逾時進場、未提供 VGM、海關扣留）。\n2. 於 4 個工作小時內通知客戶，並告知新船名、航次及預計開航時間。\n3. 若甩櫃可歸責於我方，提供下一航次優先裝船，並請示主管是否減免倉租。\n4. 於案件記錄新船名，並新增追蹤事項以確認新的預計開航時間。\n5. 重點客戶的甩櫃須於當日通報主管。",
    ),
    (
        QualityStandard,
        Internal,
        "Answering customers: response standard",
        "- First response to a new case within 4 business hours; within 1 business hour for urgent cases.\n- Every reply names the next step and when the customer will hear from us again.\n- A promise made on a case is recorded as a follow-up before the reply is sent.\n- Replies are in the customer's language, English or Traditional Chinese.",
        "客戶回覆品質標準",
        "- 新案件於 4 個工作小時內首次回覆；緊急案件於 1 個工作小時內回覆。\n- 每次回覆須說明下一步及客戶何時會再收到我們的消息。\n- 在案件中對客戶的承諾，須於送出回覆前登記為追蹤事項。\n- 以客戶使用的語言回覆（英文或繁體中文）。",
    ),
    (
        Policy,
        Draft,
        "Waiving demurrage and detention",
        "Agents may waive up to 2 days of demurrage or detention per container when the delay was ours. Anything more is a goodwill request for the supervisor.",
        "延滯費減免政策",
        "延誤可歸責於我方時，客服人員可減免每櫃至多 2 天的櫃場延滯費或延遲還櫃費；超過者須向主管提出商譽補償申請。",
    ),
];
