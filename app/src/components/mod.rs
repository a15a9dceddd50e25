//! Building blocks shared by pages.

pub mod check_in_flow;
pub mod layout;
pub mod result_panel;
pub mod trend_chart;
