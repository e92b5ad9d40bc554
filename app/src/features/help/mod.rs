//! Help requests: a kiosk visitor asks the hub's volunteers for help (the kiosk's form is
//! in `features::kiosk`), and the hub's staff see, take and close them on the desk.

pub mod api;
pub mod desk_panel;

use crate::domain::help_request::HelpTopic;
use crate::i18n::{Msg, kiosk as k};

/// The topic's name, as the kiosk showed it to the visitor (the kiosk's words).
pub fn topic_name(topic: HelpTopic) -> Msg {
    match topic {
        HelpTopic::DigitalId => k::TOPIC_DIGITAL_ID,
        HelpTopic::Health => k::TOPIC_HEALTH,
        HelpTopic::Payment => k::TOPIC_PAYMENT,
        HelpTopic::Benefits => k::TOPIC_BENEFITS,
        HelpTopic::School => k::TOPIC_SCHOOL,
        HelpTopic::Housing => k::TOPIC_HOUSING,
        HelpTopic::Device => k::TOPIC_DEVICE,
        HelpTopic::Other => k::TOPIC_SOMETHING_ELSE,
    }
}

/// The topic's picture on the kiosk's tiles.
pub fn topic_icon(topic: HelpTopic) -> &'static str {
    match topic {
        HelpTopic::DigitalId => "🪪",
        HelpTopic::Health => "🩺",
        HelpTopic::Payment => "💶",
        HelpTopic::Benefits => "📄",
        HelpTopic::School => "🎒",
        HelpTopic::Housing => "🏠",
        HelpTopic::Device => "📱",
        HelpTopic::Other => "✏️",
    }
}
