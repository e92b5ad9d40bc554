//! Staff accounts and what each role may do: pure rules, checked by every staff server
//! function (and, later, by the desk on the device before it queues a change).
//!
//! - An **administrator** may do everything, at every hub.
//! - A **coordinator** works at the hubs given to them and looks after the volunteers
//!   there: invites them, deactivates them.
//! - A **volunteer** registers and checks in people at the hubs given to them.

use crate::domain::ids::{AccountId, HubId};
use crate::error::{FieldError, Reason};
use serde::{Deserialize, Serialize};

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Coordinator,
    Volunteer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Coordinator, Role::Volunteer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Volunteer => "volunteer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A staff account as every part of the app sees it (never its password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    /// Lower case, as [`normalise_email`] makes it: the login name.
    pub email: String,
    /// How colleagues know the person ("Giulia", "Ahmed R.").
    pub name: String,
    pub role: Role,
    /// The hubs the account works at, in id order; empty for an administrator.
    pub hubs: Vec<HubId>,
    pub active: bool,
}

impl Account {
    /// Whether the account may work at `hub`: its registrations, check-ins, sessions.
    pub fn works_at(&self, hub: HubId) -> bool {
        self.active && (self.role == Role::Admin || self.hubs.contains(&hub))
    }

    /// Whether the account coordinates `hub`: its "to contact" list, erasing a person's
    /// data on request, its attendance report. Administrators and the hub's coordinators.
    pub fn coordinates(&self, hub: HubId) -> bool {
        self.role != Role::Volunteer && self.works_at(hub)
    }

    /// Whether the account may invite someone as `role` to work at `hubs`: an administrator
    /// anyone; a coordinator volunteers at some of their own hubs; a volunteer nobody.
    pub fn may_invite(&self, role: Role, hubs: &[HubId]) -> Result<(), FieldError> {
        if !self.active {
            return Err(FieldError::new("account", Reason::NotAllowed));
        }
        let needs_hubs = role != Role::Admin;
        if needs_hubs && hubs.is_empty() {
            return Err(FieldError::new("hubs", Reason::Required));
        }
        if !needs_hubs && !hubs.is_empty() {
            return Err(FieldError::new("hubs", Reason::NotAllowed));
        }
        match self.role {
            Role::Admin => Ok(()),
            Role::Coordinator if role != Role::Volunteer => Err(FieldError::new("role", Reason::NotAllowed).with_value(role.code())),
            Role::Coordinator => match hubs.iter().find(|h| !self.hubs.contains(h)) {
                Some(other) => Err(FieldError::new("hubs", Reason::NotAllowed).with_value(&other.to_string())),
                None => Ok(()),
            },
            Role::Volunteer => Err(FieldError::new("role", Reason::NotAllowed).with_value(role.code())),
        }
    }

    /// The roles the account may invite people as (see [`Account::may_invite`]).
    pub fn invitable_roles(&self) -> Vec<Role> {
        match (self.active, self.role) {
            (false, _) | (_, Role::Volunteer) => Vec::new(),
            (true, Role::Admin) => Role::ALL.to_vec(),
            (true, Role::Coordinator) => vec![Role::Volunteer],
        }
    }

    /// Whether the account may deactivate or reactivate `other`: an administrator anyone
    /// else; a coordinator a volunteer who works only at the coordinator's hubs (a
    /// volunteer shared with another coordinator's hub is the administrator's call).
    pub fn may_manage(&self, other: &Account) -> bool {
        if !self.active || self.id == other.id {
            return false;
        }
        match self.role {
            Role::Admin => true,
            Role::Coordinator => other.role == Role::Volunteer && other.hubs.iter().all(|h| self.hubs.contains(h)),
            Role::Volunteer => false,
        }
    }

    /// Whether `other` is on this account's list of people: everyone for an administrator,
    /// for a coordinator the people who share one of their hubs, for a volunteer only
    /// themselves.
    pub fn sees(&self, other: &Account) -> bool {
        self.id == other.id
            || (self.active
                && match self.role {
                    Role::Admin => true,
                    Role::Coordinator => other.hubs.iter().any(|h| self.hubs.contains(h)),
                    Role::Volunteer => false,
                })
    }
}

/// The longest e-mail address taken (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// The shortest password taken. Twelve characters, not NIST's fifteen for a single
/// factor: the people are volunteers on shared tablets, often new to passwords; online
/// guessing is held off by the login limits and offline guessing by argon2id.
pub const PASSWORD_MIN: usize = 12;
/// The longest password taken: enough for any passphrase, and a bound on hashing work.
pub const PASSWORD_MAX: usize = 128;
/// The longest display name.
pub const NAME_MAX: usize = 60;
/// Days an invitation link stays valid.
pub const INVITE_DAYS: i64 = 7;

/// An e-mail address as the login name: trimmed, lower case, checked loosely.
pub fn normalise_email(raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldError::new("email", Reason::Required));
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(FieldError::new("email", Reason::TooLong).with_value(&email));
    }
    if !crate::domain::hub::looks_like_email(&email) {
        return Err(FieldError::new("email", Reason::NotAnEmail).with_value(&email));
    }
    Ok(email)
}

/// A new password: [`PASSWORD_MIN`] to [`PASSWORD_MAX`] characters, not only spaces, and
/// not the e-mail address itself. Any other character is allowed.
pub fn check_password(password: &str, email: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if password.trim().is_empty() {
        return Err(FieldError::new("password", Reason::Required));
    }
    if length < PASSWORD_MIN {
        return Err(FieldError::new("password", Reason::TooShort));
    }
    if length > PASSWORD_MAX {
        return Err(FieldError::new("password", Reason::TooLong));
    }
    if password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err(FieldError::new("password", Reason::NotAllowed));
    }
    Ok(())
}

/// A display name: trimmed, 1 to [`NAME_MAX`] characters, no control characters.
pub fn normalise_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new("name", Reason::Required));
    }
    if name.chars().count() > NAME_MAX {
        return Err(FieldError::new("name", Reason::TooLong).with_value(name));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldError::new("name", Reason::Malformed));
    }
    Ok(name.to_string())
}

/// Whether an invitation can still be taken at `now` (seconds since the epoch).
pub fn invite_open(expires_at: i64, used: bool, now: i64) -> Result<(), FieldError> {
    if used {
        return Err(FieldError::new("invite", Reason::AlreadyUsed));
    }
    if now >= expires_at {
        return Err(FieldError::new("invite", Reason::Expired));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: i64, role: Role, hubs: &[i64]) -> Account {
        Account {
            id: AccountId(id),
            email: format!("p{id}@example.org"),
            name: format!("P{id}"),
            role,
            hubs: hubs.iter().map(|h| HubId(*h)).collect(),
            active: true,
        }
    }

    #[test]
    fn each_role_works_at_its_hubs_only() {
        let admin = account(1, Role::Admin, &[]);
        let coordinator = account(2, Role::Coordinator, &[1, 2]);
        let volunteer = account(3, Role::Volunteer, &[2]);
        assert!(admin.works_at(HubId(7)));
        assert!(coordinator.works_at(HubId(1)) && coordinator.works_at(HubId(2)) && !coordinator.works_at(HubId(3)));
        assert!(volunteer.works_at(HubId(2)) && !volunteer.works_at(HubId(1)));
        let gone = Account { active: false, ..admin };
        assert!(!gone.works_at(HubId(7)), "a deactivated account works nowhere");
    }

    #[test]
    fn only_administrators_and_the_hubs_coordinators_coordinate_it() {
        let admin = account(1, Role::Admin, &[]);
        let coordinator = account(2, Role::Coordinator, &[1, 2]);
        let volunteer = account(3, Role::Volunteer, &[2]);
        assert!(admin.coordinates(HubId(7)));
        assert!(coordinator.coordinates(HubId(2)) && !coordinator.coordinates(HubId(3)));
        assert!(!volunteer.coordinates(HubId(2)), "a volunteer works at the desk only");
        assert!(!Account { active: false, ..coordinator }.coordinates(HubId(1)));
    }

    #[test]
    fn who_may_invite_whom() {
        let admin = account(1, Role::Admin, &[]);
        let coordinator = account(2, Role::Coordinator, &[1, 2]);
        let volunteer = account(3, Role::Volunteer, &[2]);
        let hubs = |h: &[i64]| h.iter().map(|h| HubId(*h)).collect::<Vec<_>>();
        assert_eq!(admin.may_invite(Role::Admin, &[]), Ok(()));
        assert_eq!(admin.may_invite(Role::Coordinator, &hubs(&[5])), Ok(()));
        assert_eq!(admin.may_invite(Role::Volunteer, &[]).unwrap_err().reason, Reason::Required, "a volunteer needs a hub");
        assert_eq!(admin.may_invite(Role::Admin, &hubs(&[1])).unwrap_err().field, "hubs");
        assert_eq!(coordinator.may_invite(Role::Volunteer, &hubs(&[1, 2])), Ok(()));
        assert_eq!(coordinator.may_invite(Role::Volunteer, &hubs(&[2, 3])).unwrap_err().value.as_deref(), Some("3"));
        assert_eq!(coordinator.may_invite(Role::Coordinator, &hubs(&[1])).unwrap_err().field, "role");
        assert_eq!(coordinator.may_invite(Role::Admin, &[]).unwrap_err().reason, Reason::NotAllowed);
        for role in Role::ALL {
            assert!(volunteer.may_invite(role, &hubs(&[2])).is_err(), "{role:?}");
        }
        assert_eq!(admin.invitable_roles(), Role::ALL.to_vec());
        assert_eq!(coordinator.invitable_roles(), vec![Role::Volunteer]);
        assert!(volunteer.invitable_roles().is_empty());
        let gone = Account { active: false, ..admin };
        assert!(gone.may_invite(Role::Volunteer, &hubs(&[1])).is_err());
        assert!(gone.invitable_roles().is_empty());
    }

    #[test]
    fn who_may_manage_and_see_whom() {
        let admin = account(1, Role::Admin, &[]);
        let coordinator = account(2, Role::Coordinator, &[1, 2]);
        let own = account(3, Role::Volunteer, &[2]);
        let shared = account(4, Role::Volunteer, &[2, 3]);
        let elsewhere = account(5, Role::Volunteer, &[3]);
        let peer = account(6, Role::Coordinator, &[2]);
        assert!(admin.may_manage(&coordinator) && admin.may_manage(&own) && !admin.may_manage(&admin));
        assert!(coordinator.may_manage(&own));
        assert!(!coordinator.may_manage(&shared), "works at a hub of someone else's too");
        assert!(!coordinator.may_manage(&elsewhere) && !coordinator.may_manage(&peer) && !coordinator.may_manage(&admin));
        assert!(!own.may_manage(&shared) && !own.may_manage(&own));
        assert!(coordinator.sees(&own) && coordinator.sees(&shared) && coordinator.sees(&peer));
        assert!(!coordinator.sees(&elsewhere) && !coordinator.sees(&admin));
        assert!(own.sees(&own) && !own.sees(&shared));
        assert!([&coordinator, &own, &shared, &elsewhere, &peer].iter().all(|a| admin.sees(a)));
    }

    #[test]
    fn emails_are_login_names() {
        assert_eq!(normalise_email("  Giulia.Rossi@Example.ORG "), Ok("giulia.rossi@example.org".into()));
        assert_eq!(normalise_email("").unwrap_err().reason, Reason::Required);
        assert_eq!(normalise_email("giulia").unwrap_err().reason, Reason::NotAnEmail);
        assert_eq!(normalise_email(&format!("{}@example.org", "a".repeat(250))).unwrap_err().reason, Reason::TooLong);
    }

    #[test]
    fn passwords_are_long_enough_and_not_the_email() {
        assert_eq!(check_password("corto", "a@b.it").unwrap_err().reason, Reason::TooShort);
        assert_eq!(check_password("            ", "a@b.it").unwrap_err().reason, Reason::Required);
        assert_eq!(check_password("giulia@example.org", "Giulia@Example.org").unwrap_err().reason, Reason::NotAllowed);
        assert_eq!(check_password(&"x".repeat(PASSWORD_MAX + 1), "a@b.it").unwrap_err().reason, Reason::TooLong);
        assert_eq!(check_password("caffè al Pigneto 7", "a@b.it"), Ok(()));
        assert_eq!(check_password("ééééééééééé", "a@b.it").unwrap_err().reason, Reason::TooShort, "counted in characters");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(normalise_name("  Ahmed R. "), Ok("Ahmed R.".into()));
        assert_eq!(normalise_name(" ").unwrap_err().reason, Reason::Required);
        assert_eq!(normalise_name(&"n".repeat(NAME_MAX + 1)).unwrap_err().reason, Reason::TooLong);
        assert_eq!(normalise_name("a\u{7}b").unwrap_err().reason, Reason::Malformed);
    }

    #[test]
    fn an_invitation_is_taken_once_before_it_expires() {
        assert_eq!(invite_open(100, false, 99), Ok(()));
        assert_eq!(invite_open(100, false, 100).unwrap_err().reason, Reason::Expired);
        assert_eq!(invite_open(100, true, 50).unwrap_err().reason, Reason::AlreadyUsed);
    }

    #[test]
    fn roles_have_stable_codes() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{}\"", role.code()));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
