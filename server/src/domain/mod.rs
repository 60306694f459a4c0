//! The rules of the domain, free of HTTP and SQL.

pub mod clock;
pub mod contact_diagnosis;
pub mod csv;
pub mod diagnosis;
pub mod email;
pub mod outcomes;
pub mod password;
pub mod phone;
pub mod sign_in;
pub mod throttle;
pub mod token;
pub mod username;

pub use email::Email;
pub use phone::Phone;
pub use username::Username;
