//! Page furniture: skip link, header with service navigation, phase banner, footer.

use leptos::prelude::*;

use crate::routes::{NavItem, Page};

/// `govuk-skip-link`: moves focus to `#main-content` (as govuk-frontend's JS does).
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a
            href="#main-content"
            class="govuk-skip-link"
            data-module="govuk-skip-link"
            on:click=move |ev| {
                ev.prevent_default();
                crate::dom::focus_id("main-content");
            }
        >
            "Skip to main content"
        </a>
    }
}

/// The signed-in user shown at the end of the service navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// Their name.
    pub name: String,
    /// Their role, short.
    pub role: &'static str,
}

/// The GOV.UK generic header (not the GOV.UK crown: this service does not run on GOV.UK)
/// and the service navigation with the role's links.
#[component]
pub fn Header(
    /// The role's navigation, with the current item flagged.
    #[prop(into)]
    navigation: Signal<Vec<(NavItem, bool)>>,
    /// Who is signed in.
    #[prop(into)]
    signed_in: Signal<Option<SignedIn>>,
    /// Called when the user signs out.
    on_sign_out: Callback<()>,
) -> impl IntoView {
    view! {
        <header class="govuk-template__header">
            <div class="govuk-generic-header">
                <div class="govuk-generic-header__container govuk-width-container">
                    <div class="govuk-generic-header__logo">
                        <a href=Page::Home.path() class="govuk-generic-header__homepage-link">"Book a secure move"</a>
                    </div>
                </div>
            </div>
            <Show when=move || signed_in.with(Option::is_some)>
                <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
                    <div class="govuk-width-container govuk-service-navigation__inlining-container">
                        <div class="govuk-service-navigation__container">
                            <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                                <ul class="govuk-service-navigation__list" id="navigation">
                                    {move || navigation.get().into_iter().map(|(item, current)| {
                                        let class = if current {
                                            "govuk-service-navigation__item govuk-service-navigation__item--active"
                                        } else {
                                            "govuk-service-navigation__item"
                                        };
                                        view! {
                                            <li class=class>
                                                <a class="govuk-service-navigation__link" href=item.page.path() aria-current=current.then_some("true")>
                                                    {if current {
                                                        view! { <strong class="govuk-service-navigation__active-fallback">{item.text}</strong> }.into_any()
                                                    } else {
                                                        item.text.into_any()
                                                    }}
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </nav>
                        </div>
                        <p class="govuk-body-s app-signed-in">
                            {move || signed_in.get().map(|s| format!("{} ({})", s.name, s.role))}
                            " "
                            <a
                                class="govuk-link govuk-link--no-visited-state"
                                href=Page::Home.path()
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    on_sign_out.run(());
                                }
                            >
                                "Sign out"
                            </a>
                        </p>
                    </div>
                </section>
            </Show>
        </header>
    }
}

/// `govuk-phase-banner`.
#[component]
pub fn PhaseBanner() -> impl IntoView {
    view! {
        <div class="govuk-phase-banner">
            <p class="govuk-phase-banner__content">
                <strong class="govuk-tag govuk-phase-banner__content__tag">"Beta"</strong>
                <span class="govuk-phase-banner__text">
                    "Every form is checked in your browser before anything is sent, and your answers are kept if something goes wrong."
                </span>
            </p>
        </div>
    }
}

/// `govuk-footer`, without the crown and the Open Government Licence (not Crown content).
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="govuk-template__footer">
            <div class="govuk-footer">
                <div class="govuk-width-container">
                    <div class="govuk-footer__meta">
                        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                            <h2 class="govuk-visually-hidden">"Support links"</h2>
                            <div class="govuk-footer__meta-custom">
                                "Book a secure move: PMU allocates places between prisons, OCA fills them with people, suppliers move them. Built with the GOV.UK Design System."
                            </div>
                        </div>
                    </div>
                </div>
            </div>
        </footer>
    }
}
