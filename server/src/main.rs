//! `jyxx`: the server binary.
//!
//! `jyxx` / `jyxx serve` migrates, seeds the demo into an empty database (in
//! demo mode) and serves; `jyxx migrate` only migrates; `jyxx seed` seeds an
//! empty database and exits; `jyxx check` verifies the invariants of the
//! data (exit 1 on any finding); `jyxx rebuild` recomputes the aggregates.

use server::backend::ServerBackend;
use server::clock::{Clock, OffsetClock, SystemClock};
use server::config::{redact_url, Config};
use server::{db, http, seed};
use std::sync::Arc;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("错误：{e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into()),
        )
        .init();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    if !matches!(
        command.as_str(),
        "serve" | "migrate" | "seed" | "check" | "rebuild"
    ) {
        return Err(
            format!("未知命令 {command}；可用：serve、migrate、seed、check、rebuild").into(),
        );
    }
    if config.database_url.starts_with("sqlite") {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    tracing::info!(database = %redact_url(&config.database_url), "connecting");
    let conn = db::connect(&config.database_url).await?;
    if command != "serve" && command != "seed" {
        server::startup::prepare(&conn, &config.database_url, None).await?;
    }
    if command == "migrate" {
        println!("数据库已迁移到最新版本");
        return Ok(());
    }
    if command == "check" {
        let findings = server::check::all(&conn).await?;
        for f in &findings {
            println!("{f}");
        }
        if findings.is_empty() {
            println!("检查通过：汇总数据、审核记录与上报状态一致");
            return Ok(());
        }
        return Err(format!("发现 {} 处不一致", findings.len()).into());
    }
    if command == "rebuild" {
        server::stats::rebuild_now(&conn).await?;
        println!("汇总数据已按学校月度数据重新计算");
        return Ok(());
    }
    let movable = (config.test_clock || config.start_at.is_some()).then(|| {
        let c = OffsetClock::default();
        if let Some(t) = config.start_at {
            c.set_now(t);
        }
        c
    });
    let clock: Arc<dyn Clock> = match &movable {
        Some(c) => Arc::new(c.clone()),
        None => Arc::new(SystemClock),
    };
    let mailer = server::mail::Mailer::new(
        config.smtp_url.as_deref(),
        &config.mail_from,
        &config.data_dir,
    )?;
    let mut backend = ServerBackend::new(conn.clone(), clock.clone(), config.secure_cookies)
        .with_data_dir(config.data_dir.clone())
        .with_mail(mailer, config.public_url.clone());
    if config.test_clock {
        backend = backend.with_test_captchas();
    }
    backend.metrics_token = config.metrics_token.clone();
    backend.trust_forwarded = config.trust_forwarded;
    if server::fanout::start(&backend.live, &conn, &config.database_url, &backend.metrics) {
        tracing::info!("live updates fan out across instances (LISTEN/NOTIFY)");
    }
    let demo = (config.demo || command == "seed").then(|| server::startup::Demo {
        hasher: &backend.hasher,
        now: clock.now(),
        scale: config.demo_scale,
    });
    if demo.is_some() {
        println!("正在准备数据库（空库时生成全国演示数据）…");
    }
    if let Some(r) = server::startup::prepare(&conn, &config.database_url, demo).await? {
        println!(
            "演示数据已生成：{} 个地区，{} 所学校，{} 条月度数据（{}），{} 个账号，用时 {:.1} 秒",
            r.regions,
            r.schools,
            r.monthly_rows,
            r.periods
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            r.users,
            r.elapsed.as_secs_f64()
        );
    }
    if command == "seed" {
        return Ok(());
    }
    spawn_session_sweeper(conn.clone(), clock.clone());
    let backend = Arc::new(backend);
    // Catch up on deadlines that passed while the server was down, then
    // check every half minute.
    let closed = backend.run_deadlines().await?;
    if closed > 0 {
        println!("已补执行 {closed} 个上报截止时间的系统自动上报");
    }
    spawn_deadline_job(backend.clone());
    let listener = http::listen(config.bind).await?;
    let addr = listener.local_addr()?;
    let options = http::leptos_options(&config.site_root, addr);
    let router = http::router_with_clock(backend, options, movable.filter(|_| config.test_clock));
    println!("教育信息化工作进展信息系统 已启动：http://{addr}");
    if config.demo {
        print_demo_logins();
    }
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

fn spawn_deadline_job(backend: Arc<ServerBackend>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            every.tick().await;
            if let Err(e) = backend.run_deadlines().await {
                tracing::warn!(error = %e, "deadline job failed; retrying");
            }
        }
    });
}

/// Expired sessions are refused on read; this only keeps the table small.
fn spawn_session_sweeper(conn: sea_orm::DatabaseConnection, clock: Arc<dyn Clock>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match server::auth::session::delete_expired(&conn, clock.now()).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session sweep failed"),
            }
            if let Err(e) = server::throttle::sweep(&conn, clock.now()).await {
                tracing::warn!(error = %e, "login failure sweep failed");
            }
        }
    });
}

fn print_demo_logins() {
    println!(
        "演示账号（密码均为 {}）：\n\
         \x20 全国管理员      a000000\n\
         \x20 国家级审核员    r000000\n\
         \x20 湖南省审核员    r430000   （地区审核员：r+地区代码；地区管理员：a+地区代码）\n\
         \x20 长沙市审核员    r430100\n\
         \x20 岳麓区审核员    r430104\n\
         \x20 学校管理员      s4301040001（s+学校代码：地区代码+4 位序号）",
        seed::DEMO_PASSWORD
    );
}
