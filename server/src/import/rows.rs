//! Each row of a file checked as a school or an account: the domain's
//! rules, the actor's scope, codes and names already taken, and duplicates
//! inside the file.

use crate::admin::{placement, school_code_taken, username_taken};
use crate::error::{ServiceError, ServiceResult};
use app::admin::model::{ImportKind, RowError};
use app::backend::Actor;
use app::domain::admin::{
    check_school, check_user, parse_role, parse_school_type, parse_yes_no, SchoolInput, UserInput,
    YesNoColumn,
};
use app::error::AppError;
use app::message::Reason;
use sea_orm::ConnectionTrait;
use std::collections::{HashMap, HashSet};

/// A school row (学校代码, 学校名称, 学校类型, 六三制, 管理地区代码) as the
/// domain checks it; the first broken rule.
pub(super) fn school_of(cells: &[String]) -> Result<SchoolInput, Reason> {
    let mut s = SchoolInput {
        code: cells[0].clone(),
        name: cells[1].clone(),
        school_type: parse_school_type(&cells[2])?,
        six_three: parse_yes_no(&cells[3], YesNoColumn::SixThree)?,
        region_code: cells[4].clone(),
    };
    check_school(&mut s)?;
    Ok(s)
}

/// An account row (用户名, 姓名, 角色, 地区代码, 学校代码, 联系电话,
/// 电子邮件) as the domain checks it; the first broken rule.
pub(super) fn user_of(cells: &[String]) -> Result<UserInput, Reason> {
    let mut u = UserInput {
        username: cells[0].clone(),
        name: cells[1].clone(),
        role: parse_role(&cells[2])?,
        region_code: cells[3].clone(),
        school_code: cells[4].clone(),
        phone: cells[5].clone(),
        email: cells[6].clone(),
    };
    check_user(&mut u)?;
    Ok(u)
}

/// TRANSITIONAL: a row's reason as text, as `RowError` still carries it
/// (typed with the import's own messages).
fn zh(r: &Reason) -> String {
    app::i18n::Say::say(r, app::i18n::Locale::zh_CN)
}

pub(super) fn message(e: ServiceError) -> Result<String, ServiceError> {
    match e {
        ServiceError::App(AppError::Invalid(m) | AppError::Refused(m)) => {
            Ok(app::i18n::Say::say(&m, app::i18n::Locale::zh_CN))
        }
        other => Err(other),
    }
}

/// Every broken row of `rows`, checked against the database as the actor
/// sees it.
pub(super) async fn check_rows(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: ImportKind,
    rows: &[(usize, Vec<String>)],
) -> ServiceResult<Vec<RowError>> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut region_ok: HashMap<String, Result<(), String>> = HashMap::new();
    for (row, cells) in rows {
        let problem: Option<String> = match kind {
            ImportKind::Schools => match school_of(cells) {
                Err(m) => Some(zh(&m)),
                Ok(s) => {
                    if !seen.insert(s.code.clone()) {
                        Some(format!("学校代码 {} 在文件中重复", s.code))
                    } else if school_code_taken(db, &s.code).await? {
                        Some(format!("学校代码 {} 已存在", s.code))
                    } else {
                        let key = s.region_code.clone();
                        if !region_ok.contains_key(&key) {
                            let r = match crate::scope::admin_region(
                                db,
                                actor,
                                Some(&crate::scope::region_code(&key)?),
                            )
                            .await
                            {
                                Ok(_) => Ok(()),
                                Err(ServiceError::App(AppError::NotFound)) => {
                                    Err(format!("管理地区代码 {key} 不存在或不在您的管理范围内"))
                                }
                                Err(e) => return Err(e),
                            };
                            region_ok.insert(key.clone(), r);
                        }
                        region_ok[&key].clone().err()
                    }
                }
            },
            ImportKind::Users => match user_of(cells) {
                Err(m) => Some(zh(&m)),
                Ok(u) => {
                    if !seen.insert(u.username.clone()) {
                        Some(format!("用户名 {} 在文件中重复", u.username))
                    } else if username_taken(db, &u.username).await? {
                        Some(format!("用户名 {} 已被使用", u.username))
                    } else {
                        match placement(db, actor, &u).await {
                            Ok(_) => None,
                            Err(e) => Some(message(e)?),
                        }
                    }
                }
            },
        };
        if let Some(message) = problem {
            errors.push(RowError { row: *row, message });
        }
    }
    Ok(errors)
}
