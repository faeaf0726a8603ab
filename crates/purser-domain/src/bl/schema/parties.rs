//! The parties and their contacts; each role adds its own requirements ([`Role`]).

use super::{Pat, Schema};
use crate::bl::parties::*;

impl Schema {
    pub(super) fn contacts(&mut self, p: &str, list: &[PartyContactDetail], min: usize) {
        self.count(p, list.len(), min, None);
        for (i, c) in list.iter().enumerate() {
            let p = format!("{p}/{i}");
            self.req(&format!("{p}/name"), &c.name, 35, Pat::Trimmed);
            self.opt(&format!("{p}/email"), &c.email, 100, Pat::Email);
            self.opt(&format!("{p}/phone"), &c.phone, 30, Pat::Trimmed);
            self.any_of(&p, c.email.is_some() || c.phone.is_some(), "email,phone");
        }
    }

    pub(super) fn parties(&mut self, d: &DocumentParties) {
        let td = self.td;
        let base = "/documentParties";
        if self.present(&format!("{base}/shipper"), &d.shipper, true)
            && let Some(p) = &d.shipper
        {
            self.party(&format!("{base}/shipper"), p, Role::Plain);
        }
        let named = if td { Role::Identified } else { Role::Plain };
        for (name, party, role) in [
            ("onBehalfOfShipper", &d.on_behalf_of_shipper, Role::Plain),
            ("consignee", &d.consignee, named),
            (
                "onBehalfOfConsignee",
                &d.on_behalf_of_consignee,
                Role::Plain,
            ),
            ("endorsee", &d.endorsee, named),
            ("issuingParty", &d.issuing_party, Role::Issuing),
            (
                "carriersAgentAtDestination",
                &d.carriers_agent_at_destination,
                Role::Agent,
            ),
        ] {
            let path = format!("{base}/{name}");
            if self.present(&path, party, td && name == "issuingParty")
                && let Some(p) = party
            {
                self.party(&path, p, role);
            }
        }
        self.count(
            &format!("{base}/notifyParties"),
            d.notify_parties.len(),
            0,
            Some(3),
        );
        for (i, p) in d.notify_parties.iter().enumerate() {
            self.party(&format!("{base}/notifyParties/{i}"), p, Role::Plain);
        }
        for (i, o) in d.other.iter().enumerate() {
            let p = format!("{base}/other/{i}");
            self.party(&format!("{p}/party"), &o.party, Role::Plain);
            self.req(
                &format!("{p}/partyFunction"),
                &o.party_function,
                3,
                Pat::Any,
            );
        }
    }

    fn party(&mut self, p: &str, party: &Party, role: Role) {
        self.req(
            &format!("{p}/partyName"),
            &party.party_name,
            70,
            Pat::Trimmed,
        );
        self.opt(
            &format!("{p}/eblPlatform"),
            &party.ebl_platform,
            4,
            Pat::NoSpace,
        );
        self.opt(
            &format!("{p}/typeOfPerson"),
            &party.type_of_person,
            50,
            Pat::Trimmed,
        );
        let address = format!("{p}/address");
        if self.present(
            &address,
            &party.address,
            matches!(role, Role::Issuing | Role::Agent),
        ) && let Some(a) = &party.address
        {
            self.address(&address, a);
        }
        self.lines(
            &format!("{p}/addressLines"),
            &party.address_lines,
            Some(5),
            250,
            Pat::Any,
        );
        self.lines(
            &format!("{p}/displayedAddress"),
            &party.displayed_address,
            Some(6),
            35,
            Pat::Any,
        );
        let codes = format!("{p}/identifyingCodes");
        self.count(
            &codes,
            party.identifying_codes.len(),
            usize::from(role == Role::Identified),
            None,
        );
        for (i, c) in party.identifying_codes.iter().enumerate() {
            self.req(
                &format!("{codes}/{i}/codeListProvider"),
                &c.code_list_provider,
                100,
                Pat::Any,
            );
            self.req(
                &format!("{codes}/{i}/partyCode"),
                &c.party_code,
                150,
                Pat::Any,
            );
            self.opt(
                &format!("{codes}/{i}/codeListName"),
                &c.code_list_name,
                100,
                Pat::Any,
            );
        }
        for (i, t) in party.tax_legal_references.iter().enumerate() {
            let tp = format!("{p}/taxLegalReferences/{i}");
            self.req(&format!("{tp}/type"), &t.kind, 50, Pat::Trimmed);
            self.req(
                &format!("{tp}/countryCode"),
                &t.country_code,
                2,
                Pat::Upper(2),
            );
            self.req(&format!("{tp}/value"), &t.value, 35, Pat::Trimmed);
        }
        self.contacts(
            &format!("{p}/partyContactDetails"),
            &party.party_contact_details,
            usize::from(role == Role::Agent),
        );
        self.opt(
            &format!("{p}/reference"),
            &party.reference,
            35,
            Pat::Trimmed,
        );
        self.lines(
            &format!("{p}/purchaseOrderReferences"),
            &party.purchase_order_references,
            None,
            35,
            Pat::Trimmed,
        );
    }
}

/// What a party's role adds to the plain party schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Plain,
    /// Consignee and endorsee on a transport document: at least one identifying code.
    Identified,
    /// The issuing carrier: an address.
    Issuing,
    /// Carrier's agent at destination: an address and a contact.
    Agent,
}
