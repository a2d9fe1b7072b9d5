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
use app::message::{ImportIssue, ManageIssue, Reason};
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

/// The reason a row is refused, from the error a check answered; any
/// other error (a fault) stays an error.
pub(super) fn reason_of(e: ServiceError) -> Result<Reason, ServiceError> {
    match e {
        ServiceError::App(AppError::Invalid(r) | AppError::Refused(r)) => Ok(r),
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
    let mut region_ok: HashMap<String, Result<(), Reason>> = HashMap::new();
    for (row, cells) in rows {
        let problem: Option<Reason> = match kind {
            ImportKind::Schools => match school_of(cells) {
                Err(m) => Some(m),
                Ok(s) => {
                    if !seen.insert(s.code.clone()) {
                        Some(ImportIssue::DuplicateSchoolCode { code: s.code }.into())
                    } else if school_code_taken(db, &s.code).await? {
                        Some(ManageIssue::SchoolCodeTaken { code: s.code }.into())
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
                                    Err(ManageIssue::ManagingRegionOutOfScope { code: key.clone() }
                                        .into())
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
                Err(m) => Some(m),
                Ok(u) => {
                    if !seen.insert(u.username.clone()) {
                        Some(
                            ImportIssue::DuplicateUsername {
                                username: u.username,
                            }
                            .into(),
                        )
                    } else if username_taken(db, &u.username).await? {
                        Some(
                            ManageIssue::UsernameTaken {
                                username: u.username,
                            }
                            .into(),
                        )
                    } else {
                        match placement(db, actor, &u).await {
                            Ok(_) => None,
                            Err(e) => Some(reason_of(e)?),
                        }
                    }
                }
            },
        };
        if let Some(reason) = problem {
            errors.push(RowError { row: *row, reason });
        }
    }
    Ok(errors)
}
