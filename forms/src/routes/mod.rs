pub mod drafts;
pub mod review;
pub mod start;
pub mod step;
pub mod wizard;
