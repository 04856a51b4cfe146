//! The one path every form's submit takes. A click while a request is on its way is
//! ignored; the request is sent once, with the form's `Idempotency-Key` (the same for every
//! retry of the same body, kept in `localStorage` beside the draft so a reload keeps it);
//! after a try whose answer was lost, a form that can look first asks the API whether that
//! try acted; a refusal goes through [`apply_failure`] onto the form's fields, the rest onto
//! the page; on success the page's continuation runs (flash and navigate, or its own step).
//! The API client judges each request with core before sending it, unless the page already
//! has core's verdict on it ([`Request::judged`]): one validation per submit.
//!
//! The decisions are plain functions of [`crate::forms::submission`], tested natively; this
//! module only wires them to the page's signals and to the API. One plain struct rather than
//! Leptos' `Action`: an `Action` runs a second dispatch while the first is pending (the busy
//! guard would still be ours), keeps its result in a signal the page would have to watch
//! with an effect, and is generic in its input and output (one copy per form in the .wasm).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::{Api, Failure};
use crate::dom;
use crate::forms::FieldMessage;
use crate::forms::FormState;
use crate::forms::failures::apply_failure;
use crate::forms::submission::{Attempt, FirstStep, Progress};
use crate::messages::{PageProblem, page_problem};
use basm_core::forms::Form;

/// A future of the API's answer (or of what the page looked up).
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T, Failure>>>>;

/// Looks for what a try whose answer was lost did: `Some(answer)` stands for the answer
/// that try would have had (the page's continuation gets it), `None` when it did nothing.
pub type Look = Box<dyn FnOnce(Api, Attempt) -> Pending<Option<Value>>>;

/// Makes the bytes to send for an attempt.
pub type Wire = Box<dyn FnOnce(&Attempt) -> Vec<u8>>;

/// One request, as the page builds it from its draft.
pub struct Request {
    method: &'static str,
    path: String,
    /// The body as it identifies the request: its key is kept for it. `None` for a read.
    body: Option<String>,
    /// The bytes to send for an attempt, when they are not the body itself.
    wire: Option<Wire>,
    look: Option<Look>,
    /// The page had core's verdict on it: sent without [`Api::check`].
    judged: bool,
}

impl Request {
    /// `method path` with `body` (`None` for a read, which has no key).
    pub fn new(method: &'static str, path: String, body: Option<Vec<u8>>) -> Self {
        Request {
            method,
            path,
            body: body.map(|b| String::from_utf8_lossy(&b).into_owned()),
            wire: None,
            look: None,
            judged: false,
        }
    }

    /// The page has judged this request with core (its verdict, with the facts the page
    /// read, found nothing the API would refuse), so it is sent without judging it again
    /// ([`Api::send_judged`]): one validation per submit.
    pub fn judged(mut self) -> Self {
        self.judged = true;
        self
    }

    /// Sends, for each attempt, the bytes `wire` makes of it (the body stamped with the
    /// attempt's first start, so every retry is the same request).
    pub fn wire(mut self, wire: impl FnOnce(&Attempt) -> Vec<u8> + 'static) -> Self {
        self.wire = Some(Box::new(wire));
        self
    }

    /// After a try whose answer was lost, `look` first asks the API whether it acted.
    pub fn look(mut self, look: Look) -> Self {
        self.look = Some(look);
        self
    }
}

/// Where a refusal goes: the form's fields (for `apply_failure`: the form, the choice that
/// decides its field ids, what the page is about) and the page, or the page's own words.
pub struct Refusal {
    way: Way,
    /// Puts the messages on the form's fields; `None`: the form has no fields, so every
    /// refusal is said on the page.
    fields: Option<Fields>,
    /// Put on a field when there was no answer at all (the sign-in's API address).
    unanswered: Option<FieldMessage>,
}

/// Puts the API's messages on the form's fields, given the page-level problem; returns the
/// problem to show (a page may move to the step its fields are on instead).
pub type Fields = Box<dyn FnOnce(Vec<FieldMessage>, Option<PageProblem>) -> Option<PageProblem>>;

enum Way {
    Form {
        kind: Form,
        choice: String,
        what: &'static str,
    },
    Worded(fn(&Failure) -> PageProblem),
}

impl Refusal {
    /// Refusals of form `kind` (`choice` is the estate or event type its field ids depend
    /// on), about `what` ("this allocation"). Without [`Refusal::onto`] all go on the page.
    pub fn form(kind: Form, choice: &str, what: &'static str) -> Self {
        Refusal {
            way: Way::Form {
                kind,
                choice: choice.to_owned(),
                what,
            },
            fields: None,
            unanswered: None,
        }
    }

    /// Every failure said on the page in the page's own words.
    pub fn worded(words: fn(&Failure) -> PageProblem) -> Self {
        Refusal {
            way: Way::Worded(words),
            fields: None,
            unanswered: None,
        }
    }

    /// The messages on fields go to `place` (the form's `server` messages).
    pub fn onto(self, place: impl FnOnce(Vec<FieldMessage>) + 'static) -> Self {
        self.routed(move |server, page| {
            place(server);
            page
        })
    }

    /// The messages on fields go to `route`, which also decides the page-level problem.
    pub fn routed(
        mut self,
        route: impl FnOnce(Vec<FieldMessage>, Option<PageProblem>) -> Option<PageProblem> + 'static,
    ) -> Self {
        self.fields = Some(Box::new(route));
        self
    }

    /// A failure without an answer is `message`, on its field.
    pub fn unanswered(mut self, message: FieldMessage) -> Self {
        self.unanswered = Some(message);
        self
    }

    /// The page-level problem for `failure`, after putting what concerns a field there.
    fn apply(self, failure: &Failure) -> Option<PageProblem> {
        let Refusal {
            way,
            fields,
            unanswered,
        } = self;
        match (way, fields) {
            (_, Some(fields)) if *failure == Failure::Network && unanswered.is_some() => {
                fields(unanswered.into_iter().collect(), None)
            }
            (Way::Worded(words), _) => Some(words(failure)),
            // No answer: nothing is known of the fields, whose messages stay as they were.
            (Way::Form { what, .. }, _) if *failure == Failure::Network => {
                Some(page_problem(0, &[], what))
            }
            (Way::Form { kind, choice, what }, fields) => {
                let mut form = FormState::default();
                let page = apply_failure(failure, kind, &choice, &mut form, what);
                match fields {
                    Some(fields) => fields(form.server, page),
                    None => page
                        .or_else(|| Some(page_problem(failure.status(), failure.errors(), what))),
                }
            }
        }
    }
}

/// A form's submission: its progress and page-level problem (for the button and the error
/// summary), and where its attempt is kept.
#[derive(Debug, Clone, Copy)]
pub struct Submit {
    /// Idle, sending, or failed without an answer.
    pub progress: RwSignal<Progress>,
    /// The problem with the whole request, if any.
    pub problem: RwSignal<Option<PageProblem>>,
    /// The `localStorage` key of the attempt (its `Idempotency-Key`).
    attempt_key: StoredValue<String>,
}

impl Submit {
    /// The submission of a form whose attempt is kept under `attempt_key` in
    /// `localStorage` (one key per form and subject, like its draft's).
    pub fn new(attempt_key: String) -> Self {
        Submit {
            progress: RwSignal::new(Progress::Idle),
            problem: RwSignal::new(None),
            attempt_key: StoredValue::new(attempt_key),
        }
    }

    /// The submit event: `false` (ignore it) while a request is on its way; else the
    /// earlier page-level problem goes and the page builds its request.
    pub fn accept(&self, ev: &web_sys::SubmitEvent) -> bool {
        ev.prevent_default();
        if self.progress.with_untracked(Progress::is_busy) {
            return false;
        }
        self.problem.set(None);
        true
    }

    /// The draft does not make a request: the error summary (core's messages) gets focus.
    pub fn invalid(&self) {
        dom::focus_later("error-summary");
    }

    /// Whether a request is on its way.
    pub fn is_busy(&self) -> bool {
        self.progress.with_untracked(Progress::is_busy)
    }

    /// Whether the button shows the request on its way.
    pub fn busy(&self) -> Signal<bool> {
        let progress = self.progress;
        Signal::derive(move || progress.with(Progress::is_busy))
    }

    /// Whether the last try got no answer (the button offers to try again).
    pub fn unanswered(&self) -> Signal<bool> {
        let progress = self.progress;
        Signal::derive(move || progress.with(|p| *p == Progress::NetworkFailed))
    }

    /// Whether there is a page-level problem (tracked: for the title's "Error: ").
    pub fn has_problem(&self) -> bool {
        self.problem.with(Option::is_some)
    }

    /// Sends `request` with `api` once, with the form's key when it has a body (first
    /// looking for what a lost try did, when it can); a refusal goes where `refusal` says;
    /// the answer goes to `done` (which may still refuse it).
    pub fn send(
        self,
        api: Api,
        request: Request,
        refusal: Refusal,
        done: impl FnOnce(Value) -> Result<(), Failure> + 'static,
    ) {
        let Request {
            method,
            path,
            body,
            wire,
            look,
            judged,
        } = request;
        let attempt = body.map(|body| {
            let key = self.attempt_key.get_value();
            let previous = dom::load::<Attempt>(false, &key);
            let attempt =
                Attempt::for_body(previous.as_ref(), &body, &dom::now_iso(), dom::random_uuid);
            dom::save(false, &key, &attempt);
            attempt
        });
        let work = async move {
            let Some(attempt) = attempt else {
                return api.send(method, &path, None, None).await;
            };
            if let (FirstStep::Look, Some(look)) = (attempt.first_step(look.is_some()), look)
                && let Some(answer) = look(api.clone(), attempt.clone()).await?
            {
                return Ok(answer);
            }
            let bytes = match wire {
                Some(wire) => wire(&attempt),
                None => attempt.body.clone().into_bytes(),
            };
            if judged {
                api.send_judged(&api.request(method, &path, Some(bytes), Some(&attempt.key)))
                    .await
            } else {
                api.send(method, &path, Some(bytes), Some(&attempt.key))
                    .await
            }
        };
        self.run(work, refusal, done);
    }

    /// Runs `work` (a page's requests that are more than one, each with its own keys and
    /// look-ups) as the form's submission: the button busy meanwhile, a failure where
    /// `refusal` says, the result to `done`.
    pub fn run<T: 'static>(
        self,
        work: impl Future<Output = Result<T, Failure>> + 'static,
        refusal: Refusal,
        done: impl FnOnce(T) -> Result<(), Failure> + 'static,
    ) {
        // Read now: `done` may navigate away, which disposes of the page's values.
        let key = self.attempt_key.get_value();
        self.progress.set(Progress::Sending);
        leptos::task::spawn_local(async move {
            let failure = match work.await {
                Ok(answer) => {
                    self.progress.set(Progress::Idle);
                    // The attempt is over: the next submission of this form gets a new key.
                    let attempt = dom::storage_get(false, &key);
                    dom::storage_remove(false, &key);
                    match done(answer) {
                        Ok(()) => return,
                        Err(failure) => {
                            if let Some(attempt) = attempt {
                                dom::storage_set(false, &key, &attempt);
                            }
                            failure
                        }
                    }
                }
                Err(failure) => failure,
            };
            self.failed(&key, &failure, refusal);
        });
    }

    fn failed(self, key: &str, failure: &Failure, refusal: Refusal) {
        if let Some(attempt) = dom::load::<Attempt>(false, key) {
            match attempt.after(failure) {
                Some(kept) => dom::save(false, key, &kept),
                None => dom::storage_remove(false, key),
            }
        }
        self.progress.set(Progress::after(failure));
        self.problem.set(refusal.apply(failure));
        dom::focus_later("error-summary");
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use basm_core::{ApiError, ErrorSource};

    use super::*;

    fn at(pointer: &str) -> ApiError {
        ApiError::new(
            "inclusion",
            "t",
            "is not included in the list",
            ErrorSource::pointer(pointer.to_owned()),
        )
    }

    /// A refusal of the cancel form whose field messages land in the returned cell.
    fn cancel_form() -> (Refusal, Rc<RefCell<Option<Vec<FieldMessage>>>>) {
        let placed = Rc::new(RefCell::new(None));
        let into = placed.clone();
        let refusal = Refusal::form(Form::AllocationCancel, "", "this allocation")
            .onto(move |server| *into.borrow_mut() = Some(server));
        (refusal, placed)
    }

    #[test]
    fn a_refusal_goes_on_the_fields_it_concerns() {
        let (refusal, placed) = cancel_form();
        let problem = refusal.apply(&Failure::refused(
            422,
            vec![at("/data/attributes/cancellation_reason")],
        ));
        assert_eq!(problem, None);
        let placed = placed.borrow().clone().unwrap();
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].field, "cancellation-reason");
    }

    #[test]
    fn a_lost_answer_is_said_on_the_page_and_leaves_the_fields() {
        let (refusal, placed) = cancel_form();
        let problem = refusal.apply(&Failure::Network).unwrap();
        assert!(problem.retry);
        assert_eq!(problem, page_problem(0, &[], "this allocation"));
        assert_eq!(
            *placed.borrow(),
            None,
            "the fields' messages stay as they were"
        );
    }

    #[test]
    fn a_form_without_fields_says_every_refusal_on_the_page() {
        let failure = Failure::refused(422, vec![at("/data/attributes/cancellation_reason")]);
        let problem = Refusal::form(Form::AllocationCancel, "", "this place")
            .apply(&failure)
            .unwrap();
        assert_eq!(
            problem,
            page_problem(422, failure.errors(), "this place"),
            "placed on a field the page does not have, so said on the page"
        );
    }

    /// The sign-in's refusal, with where it put its field messages.
    fn sign_in_refusal() -> (Refusal, Rc<RefCell<Option<Vec<FieldMessage>>>>) {
        let placed = Rc::new(RefCell::new(None));
        let into = placed.clone();
        let refusal = Refusal::form(Form::SignIn, "", "the API")
            .onto(move |server| *into.borrow_mut() = Some(server))
            .unanswered(FieldMessage::new(
                "api-address",
                "unreachable",
                "Not reached",
            ));
        (refusal, placed)
    }

    #[test]
    fn the_sign_in_puts_a_lost_answer_on_the_address() {
        let (refusal, placed) = sign_in_refusal();
        assert_eq!(refusal.apply(&Failure::Network), None);
        let placed = placed.borrow().clone().unwrap();
        assert_eq!(placed[0].field, "api-address");
        // A refused token goes on the token field, through the form's table.
        let (refusal, placed) = sign_in_refusal();
        let token = ApiError::new(
            "not_authorized",
            "t",
            "Token expired or invalid",
            ErrorSource::header("Authorization"),
        );
        assert_eq!(refusal.apply(&Failure::refused(401, vec![token])), None);
        assert_eq!(placed.borrow().clone().unwrap()[0].field, "token");
    }

    #[test]
    fn a_page_may_route_the_fields_and_decide_the_problem() {
        let refusal = Refusal::form(Form::AllocationCreate, "adult_male", "a prison").routed(
            |server, page| {
                assert_eq!(server[0].field, "moves-count");
                assert_eq!(page, None);
                Some(page_problem(0, &[], "moved"))
            },
        );
        let problem = refusal.apply(&Failure::refused(
            422,
            vec![at("/data/attributes/moves_count")],
        ));
        assert_eq!(problem, Some(page_problem(0, &[], "moved")));
    }

    #[test]
    fn worded_refusals_use_the_page_words() {
        fn words(failure: &Failure) -> PageProblem {
            PageProblem {
                title: format!("status {}", failure.status()),
                body: String::new(),
                sign_in_again: false,
                retry: false,
            }
        }
        let problem = Refusal::worded(words).apply(&Failure::Network).unwrap();
        assert_eq!(problem.title, "status 0");
        let problem = Refusal::worded(words)
            .apply(&Failure::refused(422, Vec::new()))
            .unwrap();
        assert_eq!(problem.title, "status 422");
    }
}
