//! Who may do what: the one policy, as pure functions over the acting user.
//!
//! Every handler asks these questions; none decides access on its own. A customer user is
//! confined to its own company; a department user sees only what was shared with its
//! department (customers it is a sales owner of, and later tasks addressed to it).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid as Id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Supervisor,
    Agent,
    Department,
    Customer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Department {
    CustomerService,
    Sales,
    Logistics,
    Operations,
    Finance,
}

crate::text_enum!(Role { Admin = "admin", Supervisor = "supervisor", Agent = "agent", Department = "department", Customer = "customer" });
crate::text_enum!(Department {
    CustomerService = "customer_service",
    Sales = "sales",
    Logistics = "logistics",
    Operations = "operations",
    Finance = "finance"
});

/// The acting user, as every policy question needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Id,
    pub role: Role,
    pub department: Option<Department>,
    /// Set for customer (portal) users: the one company they belong to.
    pub customer_id: Option<Id>,
}

/// Which customers an actor may see; the store turns this into a WHERE clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerScope {
    All,
    /// Only this company (portal users).
    Only(Id),
    /// Customers whose sales owner is this user (department users in sales).
    SalesOwnedBy(Id),
    None,
}

impl Actor {
    pub fn is_staff(&self) -> bool {
        matches!(
            self.role,
            Role::Admin | Role::Supervisor | Role::Agent | Role::Department
        )
    }

    pub fn customer_scope(&self) -> CustomerScope {
        match self.role {
            Role::Admin | Role::Supervisor | Role::Agent => CustomerScope::All,
            Role::Customer => self
                .customer_id
                .map_or(CustomerScope::None, CustomerScope::Only),
            Role::Department if self.department == Some(Department::Sales) => {
                CustomerScope::SalesOwnedBy(self.user_id)
            }
            Role::Department => CustomerScope::None,
        }
    }

    /// May change the customer book (companies, contacts, contracts, activities).
    pub fn can_edit_customers(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Supervisor | Role::Agent)
    }

    /// May record relationship activities and hand over prospects (sales does both).
    pub fn can_log_activities(&self) -> bool {
        self.can_edit_customers()
            || (self.role == Role::Department && self.department == Some(Department::Sales))
    }

    /// May create prospects and hand them over to customer service.
    pub fn can_hand_over(&self) -> bool {
        self.can_log_activities()
    }

    pub fn can_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// May read the audit history of objects it can see.
    pub fn can_read_audit(&self) -> bool {
        self.is_staff()
    }

    /// May archive (delete) customers: a decision above an agent's.
    pub fn can_archive_customers(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Supervisor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, department: Option<Department>, customer: Option<Id>) -> Actor {
        Actor {
            user_id: Id::from_bytes([1; 16]),
            role,
            department,
            customer_id: customer,
        }
    }

    #[test]
    fn a_customer_user_sees_only_its_company() {
        let a = actor(Role::Customer, None, Some(Id::from_bytes([7; 16])));
        assert_eq!(
            a.customer_scope(),
            CustomerScope::Only(Id::from_bytes([7; 16]))
        );
        assert!(!a.can_edit_customers() && !a.can_admin() && !a.can_read_audit());
        assert_eq!(
            actor(Role::Customer, None, None).customer_scope(),
            CustomerScope::None
        );
    }

    #[test]
    fn department_users_see_what_is_shared_with_them() {
        let sales = actor(Role::Department, Some(Department::Sales), None);
        assert_eq!(
            sales.customer_scope(),
            CustomerScope::SalesOwnedBy(Id::from_bytes([1; 16]))
        );
        assert!(sales.can_hand_over() && !sales.can_edit_customers());
        let finance = actor(Role::Department, Some(Department::Finance), None);
        assert_eq!(finance.customer_scope(), CustomerScope::None);
        assert!(!finance.can_hand_over());
    }

    #[test]
    fn only_admins_administer_and_agents_cannot_archive() {
        assert!(actor(Role::Admin, None, None).can_admin());
        assert!(!actor(Role::Supervisor, None, None).can_admin());
        assert!(actor(Role::Supervisor, None, None).can_archive_customers());
        assert!(!actor(Role::Agent, None, None).can_archive_customers());
        assert!(actor(Role::Agent, None, None).can_edit_customers());
    }

    #[test]
    fn roles_round_trip_as_text() {
        for r in [
            Role::Admin,
            Role::Supervisor,
            Role::Agent,
            Role::Department,
            Role::Customer,
        ] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
