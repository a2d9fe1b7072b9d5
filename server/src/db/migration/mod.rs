//! Schema migrations: append-only. Never edit a migration that has shipped;
//! add a new one.

use sea_orm_migration::prelude::*;

mod m20261129_000001_init;
mod m20261129_000002_workflow;
mod m20261129_000003_forms;
mod m20261129_000004_notices;
mod m20261129_000005_resets;
mod m20261129_000006_admin;
mod m20261129_000007_write_lock;
mod m20261129_000008_school_month_region;
mod m20261130_000009_month_lock;
mod m20261130_000010_edge;
mod m20261201_000011_locale;
mod m20261202_000012_notice_values;
mod m20261203_000013_level_counts;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_init::Migration),
            Box::new(m20261129_000002_workflow::Migration),
            Box::new(m20261129_000003_forms::Migration),
            Box::new(m20261129_000004_notices::Migration),
            Box::new(m20261129_000005_resets::Migration),
            Box::new(m20261129_000006_admin::Migration),
            Box::new(m20261129_000007_write_lock::Migration),
            Box::new(m20261129_000008_school_month_region::Migration),
            Box::new(m20261130_000009_month_lock::Migration),
            Box::new(m20261130_000010_edge::Migration),
            Box::new(m20261201_000011_locale::Migration),
            Box::new(m20261202_000012_notice_values::Migration),
            Box::new(m20261203_000013_level_counts::Migration),
        ]
    }
}
