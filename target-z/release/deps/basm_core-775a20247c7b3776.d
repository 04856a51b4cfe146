/work/wt-int/target-z/release/deps/basm_core-775a20247c7b3776.d: core/src/lib.rs core/src/case.rs core/src/context.rs core/src/context/records.rs core/src/context_json.rs core/src/docs.rs core/src/documents.rs core/src/edit.rs core/src/endpoints.rs core/src/endpoints/about.rs core/src/endpoints/allocations.rs core/src/endpoints/common.rs core/src/endpoints/events.rs core/src/endpoints/journeys.rs core/src/endpoints/lodgings.rs core/src/endpoints/moves.rs core/src/endpoints/people.rs core/src/error.rs core/src/events.rs core/src/events/rules.rs core/src/fixes.rs core/src/forms.rs core/src/forms/allocation.rs core/src/forms/allocation_filter.rs core/src/forms/date_time.rs core/src/forms/event_details.rs core/src/forms/event_labels.rs core/src/forms/ids.rs core/src/forms/move_action.rs core/src/forms/move_reference.rs core/src/forms/prison_number.rs core/src/forms/table.rs core/src/json.rs core/src/model.rs core/src/model/check.rs core/src/model/errors.rs core/src/model/move_draft.rs core/src/model/run.rs core/src/pointer.rs core/src/request.rs core/src/schema.rs core/src/span.rs core/src/state.rs core/src/time.rs core/src/time/bank_holidays.rs core/src/time/calendar.rs core/src/time/london.rs core/src/time/words.rs core/src/values.rs core/src/verdict.rs core/src/verdict/text.rs core/src/case/tables.rs core/src/time/../../data/bank-holidays-england-and-wales.txt

/work/wt-int/target-z/release/deps/libbasm_core-775a20247c7b3776.rlib: core/src/lib.rs core/src/case.rs core/src/context.rs core/src/context/records.rs core/src/context_json.rs core/src/docs.rs core/src/documents.rs core/src/edit.rs core/src/endpoints.rs core/src/endpoints/about.rs core/src/endpoints/allocations.rs core/src/endpoints/common.rs core/src/endpoints/events.rs core/src/endpoints/journeys.rs core/src/endpoints/lodgings.rs core/src/endpoints/moves.rs core/src/endpoints/people.rs core/src/error.rs core/src/events.rs core/src/events/rules.rs core/src/fixes.rs core/src/forms.rs core/src/forms/allocation.rs core/src/forms/allocation_filter.rs core/src/forms/date_time.rs core/src/forms/event_details.rs core/src/forms/event_labels.rs core/src/forms/ids.rs core/src/forms/move_action.rs core/src/forms/move_reference.rs core/src/forms/prison_number.rs core/src/forms/table.rs core/src/json.rs core/src/model.rs core/src/model/check.rs core/src/model/errors.rs core/src/model/move_draft.rs core/src/model/run.rs core/src/pointer.rs core/src/request.rs core/src/schema.rs core/src/span.rs core/src/state.rs core/src/time.rs core/src/time/bank_holidays.rs core/src/time/calendar.rs core/src/time/london.rs core/src/time/words.rs core/src/values.rs core/src/verdict.rs core/src/verdict/text.rs core/src/case/tables.rs core/src/time/../../data/bank-holidays-england-and-wales.txt

/work/wt-int/target-z/release/deps/libbasm_core-775a20247c7b3776.rmeta: core/src/lib.rs core/src/case.rs core/src/context.rs core/src/context/records.rs core/src/context_json.rs core/src/docs.rs core/src/documents.rs core/src/edit.rs core/src/endpoints.rs core/src/endpoints/about.rs core/src/endpoints/allocations.rs core/src/endpoints/common.rs core/src/endpoints/events.rs core/src/endpoints/journeys.rs core/src/endpoints/lodgings.rs core/src/endpoints/moves.rs core/src/endpoints/people.rs core/src/error.rs core/src/events.rs core/src/events/rules.rs core/src/fixes.rs core/src/forms.rs core/src/forms/allocation.rs core/src/forms/allocation_filter.rs core/src/forms/date_time.rs core/src/forms/event_details.rs core/src/forms/event_labels.rs core/src/forms/ids.rs core/src/forms/move_action.rs core/src/forms/move_reference.rs core/src/forms/prison_number.rs core/src/forms/table.rs core/src/json.rs core/src/model.rs core/src/model/check.rs core/src/model/errors.rs core/src/model/move_draft.rs core/src/model/run.rs core/src/pointer.rs core/src/request.rs core/src/schema.rs core/src/span.rs core/src/state.rs core/src/time.rs core/src/time/bank_holidays.rs core/src/time/calendar.rs core/src/time/london.rs core/src/time/words.rs core/src/values.rs core/src/verdict.rs core/src/verdict/text.rs core/src/case/tables.rs core/src/time/../../data/bank-holidays-england-and-wales.txt

core/src/lib.rs:
core/src/case.rs:
core/src/context.rs:
core/src/context/records.rs:
core/src/context_json.rs:
core/src/docs.rs:
core/src/documents.rs:
core/src/edit.rs:
core/src/endpoints.rs:
core/src/endpoints/about.rs:
core/src/endpoints/allocations.rs:
core/src/endpoints/common.rs:
core/src/endpoints/events.rs:
core/src/endpoints/journeys.rs:
core/src/endpoints/lodgings.rs:
core/src/endpoints/moves.rs:
core/src/endpoints/people.rs:
core/src/error.rs:
core/src/events.rs:
core/src/events/rules.rs:
core/src/fixes.rs:
core/src/forms.rs:
core/src/forms/allocation.rs:
core/src/forms/allocation_filter.rs:
core/src/forms/date_time.rs:
core/src/forms/event_details.rs:
core/src/forms/event_labels.rs:
core/src/forms/ids.rs:
core/src/forms/move_action.rs:
core/src/forms/move_reference.rs:
core/src/forms/prison_number.rs:
core/src/forms/table.rs:
core/src/json.rs:
core/src/model.rs:
core/src/model/check.rs:
core/src/model/errors.rs:
core/src/model/move_draft.rs:
core/src/model/run.rs:
core/src/pointer.rs:
core/src/request.rs:
core/src/schema.rs:
core/src/span.rs:
core/src/state.rs:
core/src/time.rs:
core/src/time/bank_holidays.rs:
core/src/time/calendar.rs:
core/src/time/london.rs:
core/src/time/words.rs:
core/src/values.rs:
core/src/verdict.rs:
core/src/verdict/text.rs:
core/src/case/tables.rs:
core/src/time/../../data/bank-holidays-england-and-wales.txt:

# env-dep:CARGO_PKG_VERSION=0.1.0
