//! The one controller of a versioned form kept on the device (the school's
//! monthly figures, the region's 地区情况). Both forms had their own copy
//! of it; the rules of saving a record that others may change while the
//! network comes and goes live here once:
//!
//! - every change is kept on the device at once (`browser::offline`, under
//!   the reader's own draft key), so a reload, a browser restart or a
//!   dropped network loses nothing;
//! - a save carries the version the edit was based on; one save at a time
//!   (`OneSave`); offline it waits and goes when the network returns;
//! - a draft kept on the device is restored when the page loads, and sent;
//! - a save based on an old version comes back with the server's values
//!   (`SaveOutcome::Stale`): the user keeps the device's (`use_mine`) or the
//!   server's (`use_server`);
//! - a record that closed meanwhile (the school's month lock) turns the
//!   device's edits down as not accepted, kept until discarded.
//!
//! The decisions are pure functions (`before_send`, `after_answer`,
//! `on_load`, `closed_meanwhile`), tested below; `VersionedForm` applies
//! them to signals and the device. A form passes in how it saves (its
//! server fn) and what closes it; its fields and rules stay its own. What
//! it shows of the controller is in `versioned_panels`.

use crate::browser::offline::{self, OneSave};
use crate::domain::versioned::SaveOutcome;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;

/// A record a versioned form edits, and how it is shown: each field's
/// label and value as the user reads them, in the form's order, e.g.
/// `[("学生数", "120"), ("六三制", "是")]`. The panels set two records side
/// by side by it, and the offline banner names the fields waiting. Shown
/// in `locale`.
pub trait Record: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static {
    fn shown(&self, locale: Locale) -> Vec<(&'static str, String)>;
}

/// What a form keeps on the device beside its record (the school's typed
/// texts, which may not parse yet, and its confirmation of jumps); `()`
/// for a form with nothing more. Kept and restored with the record.
pub trait Extras<T>: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The record became `record` from elsewhere (the server's values):
    /// what follows it changes with it.
    fn follow(&mut self, record: &T);
    /// Whether `self` still holds the edit that was sent as `sent`, so the
    /// device copy may go once that save is in.
    fn same_edit(&self, sent: &Self) -> bool;
}

impl<T> Extras<T> for () {
    fn follow(&mut self, _: &T) {}
    fn same_edit(&self, _: &Self) -> bool {
        true
    }
}

/// Where a form's save stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status<T> {
    Idle,
    Saving,
    Saved,
    /// Not sent: the network is down. Kept on the device.
    Waiting,
    Failed(String),
    /// Online, yet no answer: whether it was saved is read again, not
    /// guessed.
    Unconfirmed,
    /// The save was based on an old version: the server's values and
    /// version, for the user to choose.
    Conflict {
        server: T,
        version: i32,
    },
    /// The record can no longer change (the month lock): the device's
    /// edits were not taken. They stay on the device, shown beside the
    /// stored values, until the user discards them.
    NotAccepted(String),
}

impl<T> Status<T> {
    /// The line beside 保存, in `locale`. `conflict` is the form's own line
    /// for a conflict, naming what others may change ("数据已被他人修改，
    /// 请选择保留哪一份").
    pub fn text(&self, locale: Locale, conflict: &str) -> String {
        match self {
            Status::Idle => String::new(),
            Status::Saving => td_string!(locale, school.form_saving).into(),
            Status::Saved => td_string!(locale, school.form_saved).into(),
            Status::Waiting => td_string!(locale, school.form_waiting).into(),
            Status::Failed(m) => m.clone(),
            Status::Unconfirmed => td_string!(locale, school.form_unconfirmed).into(),
            Status::Conflict { .. } => conflict.into(),
            Status::NotAccepted(_) => td_string!(locale, school.form_not_accepted).into(),
        }
    }
}

/// What a send does, decided before anything goes.
#[derive(Debug, PartialEq)]
pub enum Before<P> {
    /// The record closed (`why`): the device's edits are not accepted.
    Refused(String),
    /// The form's rules are broken: this message.
    Invalid(String),
    /// Offline: it waits on the device.
    Offline,
    /// Send this.
    Go(P),
}

/// A send: first whether the record is closed (`frozen`, why), then the
/// form's rules (`prepare`, called only if open: the save ready to go, or
/// why not), then the network.
pub fn before_send<P>(
    frozen: Option<String>,
    prepare: impl FnOnce() -> Result<P, String>,
    online: bool,
) -> Before<P> {
    if let Some(why) = frozen {
        return Before::Refused(why);
    }
    match prepare() {
        Err(m) => Before::Invalid(m),
        Ok(_) if !online => Before::Offline,
        Ok(p) => Before::Go(p),
    }
}

/// What a save's answer makes of the form.
#[derive(Debug, PartialEq)]
pub enum After<T> {
    Saved {
        version: i32,
    },
    Conflict {
        server: T,
        version: i32,
    },
    /// No answer and offline: it waits on the device.
    Waiting,
    /// No answer while online: say so and read the record again.
    Unconfirmed,
    /// The server turned the edit down (the record closed).
    Refused(crate::message::Reason),
    Failed(AppError),
}

/// The answer of a save. `online`: the browser's belief now; `rereads`:
/// whether the form can read its record again (without, a lost answer
/// waits for the network like an offline one).
pub fn after_answer<T>(
    answer: Result<SaveOutcome<T>, AppError>,
    online: bool,
    rereads: bool,
) -> After<T> {
    match answer {
        Ok(SaveOutcome::Saved { version }) => After::Saved { version },
        Ok(SaveOutcome::Stale { server, version }) => After::Conflict { server, version },
        Err(AppError::Transport(_)) if online && rereads => After::Unconfirmed,
        Err(AppError::Transport(_)) => After::Waiting,
        Err(AppError::Refused(why)) => After::Refused(why),
        Err(e) => After::Failed(e),
    }
}

/// What the page does on load with what the device kept.
#[derive(Debug, PartialEq)]
pub enum OnLoad {
    /// Nothing kept.
    Nothing,
    /// Kept for a record that closed meanwhile: not accepted, never
    /// waiting forever.
    Refuse(String),
    /// Restored, and sent now.
    Send,
    /// Restored; offline, it waits.
    Wait,
}

pub fn on_load(kept: bool, frozen: Option<String>, online: bool) -> OnLoad {
    match (kept, frozen) {
        (false, _) => OnLoad::Nothing,
        (true, Some(why)) => OnLoad::Refuse(why),
        (true, None) if online => OnLoad::Send,
        (true, None) => OnLoad::Wait,
    }
}

/// The record closed while the page was open (a deadline, a submit above):
/// unsaved edits are told not taken at once, once. Returns why, when so.
pub fn closed_meanwhile<T>(
    frozen: Option<String>,
    unsaved: bool,
    status: &Status<T>,
) -> Option<String> {
    frozen.filter(|_| unsaved && !matches!(status, Status::NotAccepted(_)))
}

/// One row per field: its label, the value in `a`, the value in `b`, and
/// whether they differ.
pub fn side_by_side<T: Record>(
    a: &T,
    b: &T,
    locale: Locale,
) -> Vec<(&'static str, String, String, bool)> {
    a.shown(locale)
        .into_iter()
        .zip(b.shown(locale))
        .map(|((label, x), (_, y))| {
            let differs = x != y;
            (label, x, y, differs)
        })
        .collect()
}

/// The labels of the fields whose values differ between `a` and `b`.
pub fn differing<T: Record>(a: &T, b: &T, locale: Locale) -> Vec<&'static str> {
    side_by_side(a, b, locale)
        .into_iter()
        .filter(|row| row.3)
        .map(|row| row.0)
        .collect()
}

/// What the device keeps for one record: `{"record": …, "base_version": 3,
/// …the form's extras}`. Drafts kept by builds before this module named
/// the record after the form (`figures`, `answers`); they still load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Kept<T, X> {
    #[serde(alias = "figures", alias = "answers")]
    record: T,
    base_version: i32,
    #[serde(flatten)]
    extras: X,
}

/// The save a form sends: its server fn's future.
pub type SaveFuture<T> = Pin<Box<dyn Future<Output = Result<SaveOutcome<T>, AppError>>>>;

/// When the record can close while the form is open (the school's month
/// lock): why it is closed now (`None`: open; read reactively, so a change
/// is noticed), and the values stored on the server to go back to.
pub struct Lock<T: 'static> {
    pub why: Callback<(), Option<String>>,
    pub stored: Callback<(), T>,
}

impl<T> Clone for Lock<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Lock<T> {}

/// What a form gives its controller. The questionnaire's, in shape:
/// `Setup { user: "a430104", key: draft_key("a430104", "q430104", 0),
/// record: answers, version: 3, extras: (), unsaved, edits: true,
/// save: |(answers, (), v)| Ok(Box::pin(save_questionnaire(answers, v))),
/// on_saved: <read 最后更新 again>, reread: None, lock: None }`.
pub struct Setup<T: 'static, X: 'static> {
    /// The reader's login: drafts and offline pages are kept per user.
    pub user: String,
    /// The device's key for this record (`offline::draft_key`).
    pub key: String,
    /// The values and version the page was rendered with.
    pub record: T,
    pub version: i32,
    pub extras: X,
    /// Whether the device holds edits not yet saved (the page may share it).
    pub unsaved: RwSignal<bool>,
    /// Whether this reader edits the record: a read-only view keeps
    /// nothing on the device and restores nothing.
    pub edits: bool,
    /// The save of `(record, extras, base_version)`: the server fn's future,
    /// or `Err(message)` when the form's rules are broken.
    pub save: Callback<(T, X, i32), Result<SaveFuture<T>, String>>,
    /// After a save: what else the page reads again.
    pub on_saved: Callback<()>,
    /// Reads the record again after a lost answer while online. `None`: a
    /// lost answer waits for the network like an offline one.
    pub reread: Option<Callback<()>>,
    /// What closes the record (`Lock`). `None`: nothing does, and a
    /// refusal from the server is shown as an ordinary failure.
    pub lock: Option<Lock<T>>,
}

/// The controller: the device's values (`record`, `extras`) and what the
/// server holds, the status, the network, and the actions. `Copy`, for the
/// views' closures.
pub struct VersionedForm<T: 'static, X: 'static = ()> {
    /// The device's values: what the inputs show. A form changes them and
    /// then calls `keep` (or uses `edit`).
    pub record: RwSignal<T>,
    pub extras: RwSignal<X>,
    /// The values the server holds, as last known.
    saved: RwSignal<T>,
    base_version: RwSignal<i32>,
    status: RwSignal<Status<T>>,
    online: RwSignal<bool>,
    unsaved: RwSignal<bool>,
    key: StoredValue<String>,
    one_save: OneSave,
    save: Callback<(T, X, i32), Result<SaveFuture<T>, String>>,
    on_saved: Callback<()>,
    reread: Option<Callback<()>>,
    lock: Option<Lock<T>>,
    session: Callback<AppError>,
    /// The page's locale, for the server's reasons.
    locale: Signal<Locale>,
}

impl<T, X> Clone for VersionedForm<T, X> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, X> Copy for VersionedForm<T, X> {}

impl<T: Record, X: Extras<T>> VersionedForm<T, X> {
    /// Called in the form's component: after hydration it restores what
    /// the device kept, watches the network, sends what is waiting, and
    /// (with a `lock`) turns unsaved edits down when the record closes.
    pub fn new(setup: Setup<T, X>) -> Self {
        let session = crate::shell::session::watcher();
        let form = VersionedForm {
            record: RwSignal::new(setup.record.clone()),
            extras: RwSignal::new(setup.extras),
            saved: RwSignal::new(setup.record),
            base_version: RwSignal::new(setup.version),
            status: RwSignal::new(Status::Idle),
            online: RwSignal::new(true),
            unsaved: setup.unsaved,
            key: StoredValue::new(setup.key),
            one_save: OneSave::new(),
            save: setup.save,
            on_saved: setup.on_saved,
            reread: setup.reread,
            lock: setup.lock,
            session: Callback::new(move |e: AppError| session(&e)),
            locale: {
                let i18n = use_i18n();
                Signal::derive(move || i18n.get_locale())
            },
        };
        form.one_save.resend_with(move || {
            if form.unsaved.get_untracked() {
                form.send();
            }
        });
        let (user, edits) = (setup.user, setup.edits);
        Effect::new(move |_| {
            if edits {
                untrack(|| form.load(&user));
            }
        });
        if let Some(lock) = form.lock {
            Effect::new(move |_| {
                let why = lock.why.run(());
                let unsaved = form.unsaved.get_untracked();
                let now = form.status.get_untracked();
                if let Some(why) = closed_meanwhile(why, unsaved, &now) {
                    form.refuse(why);
                }
            });
        }
        form
    }

    /// The page is hydrated: restore, watch the network, send.
    fn load(self, user: &str) {
        offline::register_service_worker();
        offline::keep_page_offline(user);
        self.online.set(offline::is_online());
        let kept = self.kept();
        let step = on_load(kept.is_some(), self.frozen(), offline::is_online());
        if kept.is_some() {
            self.unsaved.set(true);
        }
        match (step, kept) {
            (OnLoad::Refuse(why), _) => self.refuse(why),
            (step @ (OnLoad::Send | OnLoad::Wait), Some(k)) => {
                self.record.set(k.record);
                self.extras.set(k.extras);
                self.base_version.set(k.base_version);
                if step == OnLoad::Send {
                    self.send();
                } else {
                    self.status.set(Status::Waiting);
                }
            }
            _ => {}
        }
        offline::on_connectivity(move |is_online| {
            self.online.set(is_online);
            if is_online && self.unsaved.get_untracked() {
                self.send();
            }
        });
    }

    /// Why the record is closed now, untracked.
    fn frozen(&self) -> Option<String> {
        self.lock.and_then(|l| untrack(|| l.why.run(())))
    }

    fn kept(&self) -> Option<Kept<T, X>> {
        offline::load::<Kept<T, X>>(&self.key.get_value())
    }

    /// The record as kept on the device, if any.
    pub fn kept_record(&self) -> Option<T> {
        self.kept().map(|k| k.record)
    }

    /// Keeps the device's values on the device, now; they are unsaved.
    pub fn keep(&self) {
        let k = Kept {
            record: self.record.get_untracked(),
            base_version: self.base_version.get_untracked(),
            extras: self.extras.get_untracked(),
        };
        offline::store(&self.key.get_value(), &k);
        self.unsaved.set(true);
    }

    /// Changes the record and keeps it.
    pub fn edit(&self, f: impl FnOnce(&mut T)) {
        self.record.update(f);
        self.keep();
    }

    /// Changes the extras and keeps them.
    pub fn edit_extras(&self, f: impl FnOnce(&mut X)) {
        self.extras.update(f);
        self.keep();
    }

    /// The record goes back to `values` from the server, on `version`
    /// when given; the extras follow.
    fn take(&self, values: T, version: Option<i32>) {
        self.extras.update(|x| x.follow(&values));
        self.record.set(values.clone());
        self.saved.set(values);
        if let Some(v) = version {
            self.base_version.set(v);
        }
    }

    /// The device's edits the record no longer takes are kept for the
    /// panel; the inputs go back to what the server holds. Without a lock
    /// or a device copy, it is an ordinary failure.
    fn refuse(&self, why: String) {
        match self.lock {
            Some(lock) if self.kept().is_some() => {
                self.take(untrack(|| lock.stored.run(())), None);
                self.status.set(Status::NotAccepted(why));
            }
            _ => self.status.set(Status::Failed(why)),
        }
    }

    /// Sends the device's values with the version they are based on.
    pub fn send(self) {
        let prepare = || {
            self.save.run((
                self.record.get_untracked(),
                self.extras.get_untracked(),
                self.base_version.get_untracked(),
            ))
        };
        let future = match before_send(self.frozen(), prepare, offline::is_online()) {
            Before::Refused(why) => return self.refuse(why),
            Before::Invalid(m) => return self.status.set(Status::Failed(m)),
            Before::Offline => return self.status.set(Status::Waiting),
            Before::Go(future) => future,
        };
        if !self.one_save.start() {
            return;
        }
        self.status.set(Status::Saving);
        let sent = (self.record.get_untracked(), self.extras.get_untracked());
        leptos::task::spawn_local(async move {
            let answer = future.await;
            self.answer(answer, sent);
            self.one_save.finish();
        });
    }

    fn answer(self, answer: Result<SaveOutcome<T>, AppError>, (sent, sent_x): (T, X)) {
        match after_answer(answer, offline::is_online(), self.reread.is_some()) {
            After::Saved { version } => {
                self.base_version.set(version);
                self.saved.set(sent.clone());
                let unchanged = self.record.with_untracked(|r| *r == sent)
                    && self.extras.with_untracked(|x| x.same_edit(&sent_x));
                let all =
                    offline::after_saved(&self.key.get_value(), unchanged, self.unsaved, || {
                        self.keep()
                    });
                self.status
                    .set(if all { Status::Saved } else { Status::Idle });
                self.on_saved.run(());
            }
            After::Conflict { server, version } => {
                self.status.set(Status::Conflict { server, version })
            }
            After::Waiting => self.status.set(Status::Waiting),
            After::Unconfirmed => {
                self.status.set(Status::Unconfirmed);
                if let Some(reread) = self.reread {
                    reread.run(());
                }
            }
            After::Refused(why) => self.refuse(why.say(self.locale.get_untracked())),
            After::Failed(e) => {
                let message = e.say(self.locale.get_untracked());
                self.session.run(e);
                self.status.set(Status::Failed(message));
            }
        }
    }

    /// A conflict: the device's values win, sent on the server's `version`.
    pub fn use_mine(&self, version: i32) {
        self.base_version.set(version);
        self.keep();
        self.send();
    }

    /// A conflict: the server's values win; the device copy goes.
    pub fn use_server(&self, server: T, version: i32) {
        self.take(server, Some(version));
        self.discard();
    }

    /// Edits not accepted: the device copy goes.
    pub fn discard(&self) {
        offline::remove(&self.key.get_value());
        self.unsaved.set(false);
        self.status.set(Status::Idle);
    }

    pub fn status(&self) -> ReadSignal<Status<T>> {
        self.status.read_only()
    }

    pub fn saving(&self) -> bool {
        matches!(self.status.get(), Status::Saving)
    }

    /// Whether the browser is online (as of the last event).
    pub fn online(&self) -> bool {
        self.online.get()
    }

    /// What the server holds, as last known.
    pub fn saved(&self) -> T {
        self.saved.get()
    }

    /// Labels of the fields waiting to be sent (the device's values that
    /// differ from the server's, while unsaved), e.g. `["学生数", "教师数"]`,
    /// in `locale`.
    pub fn waiting(&self, locale: Locale) -> Vec<&'static str> {
        let names = self
            .record
            .with(|r| self.saved.with(|s| differing(r, s, locale)));
        if self.unsaved.get() {
            names
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Pair {
        a: i32,
        b: bool,
    }

    impl Record for Pair {
        fn shown(&self, _: Locale) -> Vec<(&'static str, String)> {
            vec![
                ("甲", self.a.to_string()),
                ("乙", if self.b { "是" } else { "否" }.to_string()),
            ]
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Typed {
        text: String,
        sure: bool,
    }

    impl Extras<Pair> for Typed {
        fn follow(&mut self, record: &Pair) {
            self.text = record.a.to_string();
        }
        fn same_edit(&self, sent: &Self) -> bool {
            self.text == sent.text
        }
    }

    #[test]
    fn a_closed_record_refuses_before_its_rules_are_asked() {
        let asked = std::cell::Cell::new(false);
        let step = before_send(
            Some("数据已冻结".into()),
            || {
                asked.set(true);
                Ok(1)
            },
            true,
        );
        assert_eq!(step, Before::Refused("数据已冻结".into()));
        assert!(!asked.get());
    }

    #[test]
    fn broken_rules_come_before_the_network() {
        let step = before_send::<i32>(None, || Err("请先改正标红的项目".into()), false);
        assert_eq!(step, Before::Invalid("请先改正标红的项目".into()));
        assert_eq!(before_send(None, || Ok(1), false), Before::Offline);
        assert_eq!(before_send(None, || Ok(1), true), Before::Go(1));
    }

    #[test]
    fn answers_of_a_save() {
        let saved: Result<SaveOutcome<i32>, AppError> = Ok(SaveOutcome::Saved { version: 4 });
        assert_eq!(after_answer(saved, true, true), After::Saved { version: 4 });
        let stale = Ok(SaveOutcome::Stale {
            server: 9,
            version: 5,
        });
        assert_eq!(
            after_answer(stale, true, true),
            After::Conflict {
                server: 9,
                version: 5
            }
        );
        let refused: Result<SaveOutcome<i32>, _> =
            Err(crate::domain::Refusal::AlreadyConfirmed.into());
        assert_eq!(
            after_answer(refused, true, true),
            After::Refused(crate::domain::Refusal::AlreadyConfirmed.into())
        );
        let other: Result<SaveOutcome<i32>, _> = Err(AppError::Unauthenticated);
        assert_eq!(
            after_answer(other, true, true),
            After::Failed(AppError::Unauthenticated)
        );
    }

    #[test]
    fn a_lost_answer_waits_offline_and_is_reread_online_where_the_form_can() {
        let lost =
            || -> Result<SaveOutcome<i32>, AppError> { Err(AppError::Transport("x".into())) };
        assert_eq!(after_answer(lost(), false, true), After::Waiting);
        assert_eq!(after_answer(lost(), true, true), After::Unconfirmed);
        assert_eq!(after_answer(lost(), true, false), After::Waiting);
    }

    #[test]
    fn a_kept_draft_on_load() {
        assert_eq!(on_load(false, Some("冻结".into()), true), OnLoad::Nothing);
        assert_eq!(
            on_load(true, Some("冻结".into()), true),
            OnLoad::Refuse("冻结".into())
        );
        assert_eq!(on_load(true, None, true), OnLoad::Send);
        assert_eq!(on_load(true, None, false), OnLoad::Wait);
    }

    #[test]
    fn a_record_closing_meanwhile_turns_unsaved_edits_down_once() {
        let why = || Some("冻结".to_string());
        assert_eq!(
            closed_meanwhile(why(), true, &Status::<i32>::Waiting),
            why()
        );
        assert_eq!(closed_meanwhile(why(), false, &Status::<i32>::Idle), None);
        assert_eq!(
            closed_meanwhile(why(), true, &Status::<i32>::NotAccepted("冻结".into())),
            None
        );
        assert_eq!(closed_meanwhile(None, true, &Status::<i32>::Waiting), None);
    }

    #[test]
    fn status_lines() {
        const CONFLICT: &str = "地区情况已被他人修改，请选择保留哪一份";
        assert_eq!(Status::<i32>::Idle.text(Locale::zh_CN, CONFLICT), "");
        assert_eq!(
            Status::<i32>::Saving.text(Locale::zh_CN, CONFLICT),
            "正在保存…"
        );
        assert_eq!(Status::<i32>::Saved.text(Locale::zh_CN, CONFLICT), "已保存");
        assert!(Status::<i32>::Waiting
            .text(Locale::zh_CN, CONFLICT)
            .contains("修改已保存在本机"));
        assert_eq!(
            Status::<i32>::Failed("坏".into()).text(Locale::zh_CN, CONFLICT),
            "坏"
        );
        assert_eq!(
            Status::Conflict {
                server: 1,
                version: 2
            }
            .text(Locale::zh_CN, CONFLICT),
            CONFLICT
        );
        assert_eq!(
            Status::<i32>::NotAccepted("冻结".into()).text(Locale::zh_CN, CONFLICT),
            "本机的修改未被接受"
        );
        assert_eq!(
            Status::<i32>::Unconfirmed.text(Locale::zh_CN, CONFLICT),
            "网络中断，未能确认是否已保存；已重新读取，请检查后重试"
        );
        assert_eq!(Status::<i32>::Saved.text(Locale::en, CONFLICT), "Saved");
    }

    #[test]
    fn two_records_side_by_side_name_what_differs() {
        let (x, y) = (Pair { a: 1, b: true }, Pair { a: 2, b: true });
        assert_eq!(
            side_by_side(&x, &y, Locale::zh_CN),
            vec![
                ("甲", "1".into(), "2".into(), true),
                ("乙", "是".into(), "是".into(), false),
            ]
        );
        assert_eq!(differing(&x, &y, Locale::zh_CN), vec!["甲"]);
        assert!(differing(&x, &x, Locale::zh_CN).is_empty());
    }

    #[test]
    fn a_kept_draft_round_trips_with_its_extras_flat() {
        let k = Kept {
            record: Pair { a: 1, b: false },
            base_version: 3,
            extras: Typed {
                text: "1x".into(),
                sure: true,
            },
        };
        let json = serde_json::to_value(&k).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"record": {"a": 1, "b": false}, "base_version": 3, "text": "1x", "sure": true})
        );
        assert_eq!(
            serde_json::from_value::<Kept<Pair, Typed>>(json).unwrap(),
            k
        );

        let bare = Kept {
            record: Pair { a: 1, b: false },
            base_version: 3,
            extras: (),
        };
        let json = serde_json::to_string(&bare).unwrap();
        assert_eq!(json, r#"{"record":{"a":1,"b":false},"base_version":3}"#);
        assert_eq!(serde_json::from_str::<Kept<Pair, ()>>(&json).unwrap(), bare);
    }

    #[test]
    fn drafts_kept_by_earlier_builds_still_load() {
        let school =
            r#"{"figures":{"a":5,"b":true},"texts":{},"base_version":2,"confirm_jumps":false}"#;
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        struct Old {
            texts: std::collections::BTreeMap<String, String>,
            confirm_jumps: bool,
        }
        let k: Kept<Pair, Old> = serde_json::from_str(school).unwrap();
        assert_eq!(k.record, Pair { a: 5, b: true });
        assert_eq!(k.base_version, 2);
        let region = r#"{"answers":{"a":7,"b":false},"base_version":1}"#;
        let k: Kept<Pair, ()> = serde_json::from_str(region).unwrap();
        assert_eq!(k.record, Pair { a: 7, b: false });
    }

    #[test]
    fn extras_follow_the_record_and_compare_only_the_edit() {
        let mut x = Typed {
            text: "abc".into(),
            sure: true,
        };
        x.follow(&Pair { a: 12, b: false });
        assert_eq!(x.text, "12");
        let other = Typed {
            text: "12".into(),
            sure: false,
        };
        assert!(x.same_edit(&other));
    }
}
