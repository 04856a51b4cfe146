//! Content components: summary list, panel, tag, warning text, notification banner, back
//! link, inset text, pagination, and MoJ Frontend's sub navigation.

use leptos::prelude::*;

use crate::forms::allocation_list::{PageItem, page_items};

/// One row of a summary list. Values are text: anything from the API is shown as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// The key.
    pub key: String,
    /// The value (text; newlines kept as line breaks by CSS).
    pub value: String,
    /// "Change" link: href and the visually hidden rest of the link text.
    pub change: Option<(String, String)>,
}

impl SummaryRow {
    /// A row without actions.
    pub fn new(key: &str, value: impl Into<String>) -> Self {
        SummaryRow {
            key: key.to_owned(),
            value: value.into(),
            change: None,
        }
    }
}

/// `govuk-summary-list`.
#[component]
pub fn SummaryList(
    /// Rows.
    rows: Vec<SummaryRow>,
) -> impl IntoView {
    let any_actions = rows.iter().any(|r| r.change.is_some());
    let rows = rows
        .into_iter()
        .map(|row| {
            let class = if any_actions && row.change.is_none() {
                "govuk-summary-list__row govuk-summary-list__row--no-actions"
            } else {
                "govuk-summary-list__row"
            };
            view! {
                <div class=class>
                    <dt class="govuk-summary-list__key">{row.key}</dt>
                    <dd class="govuk-summary-list__value app-pre-line">{row.value}</dd>
                    {row.change.map(|(href, hidden)| view! {
                        <dd class="govuk-summary-list__actions">
                            <a class="govuk-link" href=href>
                                "Change"
                                <span class="govuk-visually-hidden">{format!(" {hidden}")}</span>
                            </a>
                        </dd>
                    })}
                </div>
            }
        })
        .collect_view();
    view! { <dl class="govuk-summary-list">{rows}</dl> }
}

/// The green confirmation panel.
#[component]
pub fn Panel(
    /// Title (the page's h1).
    #[prop(into)]
    title: String,
    /// Body.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title" tabindex="-1">{title}</h1>
            <div class="govuk-panel__body">{children()}</div>
        </div>
    }
}

/// `govuk-tag`, with a colour modifier (`govuk-tag--red`) or none.
#[component]
pub fn Tag(
    /// Text.
    #[prop(into)]
    text: String,
    /// Colour modifier class, e.g. `govuk-tag--green`.
    #[prop(optional)]
    colour: &'static str,
) -> impl IntoView {
    view! { <strong class=format!("govuk-tag {colour}")>{text}</strong> }
}

/// `govuk-warning-text`.
#[component]
pub fn WarningText(
    /// The warning.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    view! {
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">"Warning"</span>
                " "
                {text}
            </strong>
        </div>
    }
}

/// `govuk-notification-banner`, plain (important) or success.
#[component]
pub fn NotificationBanner(
    /// Success banner (role alert) rather than an important one (role region).
    #[prop(optional)]
    success: bool,
    /// Title (default "Important" / "Success").
    #[prop(optional, into)]
    title: Option<String>,
    /// The heading text.
    #[prop(into)]
    heading: String,
    /// Further text.
    #[prop(optional, into)]
    body: Option<String>,
    /// An id, for a banner the page moves focus to once it appears (`tabindex="-1"`, as
    /// govuk-frontend gives a success banner on load).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let tabindex = id.as_ref().map(|_| "-1");
    let class = if success {
        "govuk-notification-banner govuk-notification-banner--success"
    } else {
        "govuk-notification-banner"
    };
    let title = title.unwrap_or_else(|| if success { "Success" } else { "Important" }.to_owned());
    view! {
        <div
            class=class
            id=id
            tabindex=tabindex
            role=if success { "alert" } else { "region" }
            aria-labelledby="govuk-notification-banner-title"
            data-module="govuk-notification-banner"
        >
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">{title}</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{heading}</p>
                {body.map(|b| view! { <p class="govuk-body app-pre-line">{b}</p> })}
            </div>
        </div>
    }
}

/// `govuk-back-link`.
#[component]
pub fn BackLink(
    /// Target.
    #[prop(into)]
    href: String,
    /// Text (default "Back").
    #[prop(optional, into)]
    text: Option<String>,
) -> impl IntoView {
    view! { <a href=href class="govuk-back-link">{text.unwrap_or_else(|| "Back".to_owned())}</a> }
}

/// `govuk-inset-text`.
#[component]
pub fn InsetText(children: Children) -> impl IntoView {
    view! { <div class="govuk-inset-text">{children()}</div> }
}

/// GOV.UK pagination: previous/next links and page numbers; `href(page)` builds a link.
#[component]
pub fn Pagination(
    /// Current page.
    #[prop(into)]
    current: Signal<u32>,
    /// Total pages.
    #[prop(into)]
    total: Signal<u32>,
    /// Link of a page.
    href: Callback<u32, String>,
) -> impl IntoView {
    view! {
        <Show when=move || { total.get() > 1 }>
            <nav class="govuk-pagination" aria-label="Pagination">
                {move || {
                    let current = current.get();
                    (current > 1).then(|| view! {
                        <div class="govuk-pagination__prev">
                            <a class="govuk-link govuk-pagination__link" href=href.run(current - 1) rel="prev">
                                <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                                    <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
                                </svg>
                                <span class="govuk-pagination__link-title">
                                    "Previous"<span class="govuk-visually-hidden">" page"</span>
                                </span>
                            </a>
                        </div>
                    })
                }}
                <ul class="govuk-pagination__list">
                    {move || {
                        let current = current.get();
                        page_items(current, total.get())
                            .into_iter()
                            .map(|item| match item {
                                PageItem::Ellipsis => view! {
                                    <li class="govuk-pagination__item govuk-pagination__item--ellipsis">"⋯"</li>
                                }
                                .into_any(),
                                PageItem::Number(n) => {
                                    let is_current = n == current;
                                    view! {
                                        <li class=if is_current { "govuk-pagination__item govuk-pagination__item--current" } else { "govuk-pagination__item" }>
                                            <a
                                                class="govuk-link govuk-pagination__link"
                                                href=href.run(n)
                                                aria-label=format!("Page {n}")
                                                aria-current=is_current.then_some("page")
                                            >
                                                {n}
                                            </a>
                                        </li>
                                    }
                                    .into_any()
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                {move || {
                    let current = current.get();
                    (current < total.get()).then(|| view! {
                        <div class="govuk-pagination__next">
                            <a class="govuk-link govuk-pagination__link" href=href.run(current + 1) rel="next">
                                <span class="govuk-pagination__link-title">
                                    "Next"<span class="govuk-visually-hidden">" page"</span>
                                </span>
                                <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
                                    <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
                                </svg>
                            </a>
                        </div>
                    })
                }}
            </nav>
        </Show>
    }
}

/// One link of the sub navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubNavItem {
    /// Text.
    pub text: String,
    /// Target.
    pub href: String,
    /// The current one (`aria-current="page"`).
    pub current: bool,
}

/// MoJ Frontend's sub navigation (`moj-sub-navigation`), used for the status tabs: a
/// `nav` of links with `aria-current`, not ARIA tabs.
#[component]
pub fn SubNavigation(
    /// Landmark label.
    label: &'static str,
    /// Links.
    #[prop(into)]
    items: Signal<Vec<SubNavItem>>,
) -> impl IntoView {
    view! {
        <nav class="moj-sub-navigation" aria-label=label>
            <ul class="moj-sub-navigation__list">
                {move || items.get().into_iter().map(|item| view! {
                    <li class="moj-sub-navigation__item">
                        <a class="moj-sub-navigation__link" aria-current=item.current.then_some("page") href=item.href>
                            {item.text}
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
    }
}
