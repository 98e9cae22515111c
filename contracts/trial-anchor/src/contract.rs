//! Entry points and dispatch only; the work is in `execute` and `query`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_health_types::payment::nonpayable;
use cw_health_types::trial_anchor::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};

use crate::error::ContractError;
use crate::{execute, query};

/// The cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// The cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The versions whose storage layout this code does not read (`[from, until)`): migration from
/// such a state is refused (rewriting every trial, participant and consent is unbounded work).
/// 0.2.0 stores trials, participants and consents compactly and a trial's hot fields in their
/// own entry (`state.rs`, issue 20); the pre-release skeleton (0.0.x) held no trials and
/// migrates.
pub const OLD_STORAGE_LAYOUT: (&str, &str) = ("0.1.0", "0.2.0");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    execute::instantiate(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::UpdateOwnership(action) => execute::update_ownership(deps, env, info, action),
        ExecuteMsg::SetEhrRegistry { address } => {
            execute::set_ehr_registry(deps, env, info, address)
        }
        ExecuteMsg::UpdateAddressSet { set, add, remove } => {
            execute::update_address_set(deps, env, info, set, add, remove)
        }
        ExecuteMsg::RegisterTrial(msg) => execute::register_trial(deps, env, info, *msg),
        ExecuteMsg::RecordRegistration {
            trial_id,
            registry_id,
        } => execute::record_registration(deps, env, info, trial_id, registry_id),
        ExecuteMsg::UpdateStatus {
            trial_id,
            status,
            why_stopped,
            document_hash,
        } => execute::update_status(
            deps,
            env,
            info,
            trial_id,
            status,
            why_stopped,
            document_hash,
        ),
        ExecuteMsg::RecordPrimaryCompletion { trial_id, date } => {
            execute::record_primary_completion(deps, env, info, trial_id, date)
        }
        ExecuteMsg::GrantRole {
            trial_id,
            address,
            role,
            reason,
        } => execute::grant_role(deps, env, info, trial_id, address, role, reason),
        ExecuteMsg::RevokeRole {
            trial_id,
            address,
            reason,
        } => execute::revoke_role(deps, env, info, trial_id, address, reason),
        ExecuteMsg::ChangeEthicsCommittee {
            trial_id,
            ethics_committee,
            decision_hash,
        } => execute::change_ethics_committee(
            deps,
            env,
            info,
            trial_id,
            ethics_committee,
            decision_hash,
        ),
        ExecuteMsg::AmendProtocol(msg) => execute::amend_protocol(deps, env, info, *msg),
        ExecuteMsg::ApproveDocument {
            trial_id,
            document_kind,
            version,
            approval_hash,
        } => execute::approve_document(
            deps,
            env,
            info,
            trial_id,
            document_kind,
            version,
            approval_hash,
        ),
        ExecuteMsg::CommitRandomization {
            trial_id,
            root,
            list_size,
        } => execute::commit_randomization(deps, env, info, trial_id, root, list_size),
        ExecuteMsg::RecordConsent {
            trial_id,
            participant,
            signed_form_hash,
            ehr_grant_id,
        } => execute::record_consent(
            deps,
            env,
            info,
            trial_id,
            participant,
            signed_form_hash,
            ehr_grant_id,
        ),
        ExecuteMsg::Enroll {
            trial_id,
            participant,
            allocation_slot,
        } => execute::enroll(deps, env, info, trial_id, participant, allocation_slot),
        ExecuteMsg::RecordVisit {
            trial_id,
            participant,
            visit_code,
        } => execute::record_visit(deps, env, info, trial_id, participant, visit_code),
        ExecuteMsg::Withdraw {
            trial_id,
            participant,
            reason,
        } => execute::withdraw(deps, env, info, trial_id, participant, reason),
        ExecuteMsg::RevealAllocation {
            trial_id,
            participant,
            arm,
            salt,
            proof,
        } => execute::reveal_allocation(deps, env, info, trial_id, participant, arm, salt, proof),
        ExecuteMsg::AnchorBatch(msg) => execute::anchor_batch(deps, env, info, *msg),
        ExecuteMsg::RecordUnblinding {
            trial_id,
            kind,
            scope,
            reason,
            document_hash,
        } => execute::record_unblinding(
            deps,
            env,
            info,
            trial_id,
            kind,
            scope,
            reason,
            document_hash,
        ),
        ExecuteMsg::ReportAdverseEvent(msg) => execute::report_adverse_event(deps, env, info, *msg),
        ExecuteMsg::SubmitSafetyReport {
            trial_id,
            adverse_event_id,
            report_hash,
        } => {
            execute::submit_safety_report(deps, env, info, trial_id, adverse_event_id, report_hash)
        }
        ExecuteMsg::FinalizeSap(t) => execute::finalize_sap(deps, env, info, t.trial_id),
        ExecuteMsg::LockDatabase {
            trial_id,
            final_root,
            leaf_count,
        } => execute::lock_database(deps, env, info, trial_id, final_root, leaf_count),
        ExecuteMsg::PostResults {
            trial_id,
            document,
            entries,
        } => execute::post_results(deps, env, info, trial_id, document, entries),
        ExecuteMsg::CertifyDelay {
            trial_id,
            kind,
            document_hash,
        } => execute::certify_delay(deps, env, info, trial_id, kind, document_hash),
        ExecuteMsg::RecordDelayTrigger {
            trial_id,
            trigger_at,
        } => execute::record_delay_trigger(deps, env, info, trial_id, trigger_at),
        ExecuteMsg::GrantExtension {
            trial_id,
            new_due,
            decision_hash,
        } => execute::grant_extension(deps, env, info, trial_id, new_due, decision_hash),
        ExecuteMsg::RecordOversight {
            trial_id,
            kind,
            report_hash,
            unblinded_members,
        } => execute::record_oversight(
            deps,
            env,
            info,
            trial_id,
            (kind, report_hash),
            unblinded_members,
        ),
        ExecuteMsg::Freeze {
            trial_id,
            reason,
            order_hash,
        } => execute::freeze(deps, env, info, trial_id, reason, order_hash),
        ExecuteMsg::Unfreeze {
            trial_id,
            decision_hash,
        } => execute::unfreeze(deps, env, info, trial_id, decision_hash),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?)?,
        QueryMsg::Ownership {} => to_json_binary(&query::ownership(deps)?)?,
        QueryMsg::AddressSet {
            set,
            start_after,
            limit,
        } => to_json_binary(&query::address_set(deps, set, start_after, limit)?)?,
        QueryMsg::Trial(t) => to_json_binary(&query::trial(deps, t.trial_id)?)?,
        QueryMsg::TrialByRegistryId { registry_id } => {
            to_json_binary(&query::trial_by_registry_id(deps, registry_id)?)?
        }
        QueryMsg::Trials { start_after, limit } => {
            to_json_binary(&query::trials(deps, start_after, limit)?)?
        }
        QueryMsg::Documents {
            trial_id,
            document_kind,
            start_after,
            limit,
        } => to_json_binary(&query::documents(
            deps,
            trial_id,
            document_kind,
            start_after,
            limit,
        )?)?,
        QueryMsg::Outcomes(page) => to_json_binary(&query::outcomes(deps, page)?)?,
        QueryMsg::Amendments(page) => to_json_binary(&query::amendments(deps, page)?)?,
        QueryMsg::Roles {
            trial_id,
            start_after,
            limit,
        } => to_json_binary(&query::roles(deps, trial_id, start_after, limit)?)?,
        QueryMsg::Participant {
            trial_id,
            participant,
        } => to_json_binary(&query::participant(deps, trial_id, participant)?)?,
        QueryMsg::Consents {
            trial_id,
            participant,
            start_after,
            limit,
        } => to_json_binary(&query::consents(
            deps,
            trial_id,
            participant,
            start_after,
            limit,
        )?)?,
        QueryMsg::Batch { trial_id, batch_id } => {
            to_json_binary(&query::batch(deps, trial_id, batch_id)?)?
        }
        QueryMsg::Batches(page) => query::batches(deps, page)?,
        QueryMsg::VerifyInclusion {
            trial_id,
            target,
            record_hash,
            proof,
        } => to_json_binary(&query::verify(deps, trial_id, target, record_hash, proof)?)?,
        QueryMsg::StatusHistory(page) => query::status_history(deps, page)?,
        QueryMsg::Unblindings(page) => query::unblindings(deps, page)?,
        QueryMsg::AdverseEvents(page) => query::adverse_events(deps, page)?,
        QueryMsg::Oversight(page) => query::oversight(deps, page)?,
        QueryMsg::Results(t) => to_json_binary(&query::results(deps, t.trial_id)?)?,
        QueryMsg::OutcomeReport(page) => to_json_binary(&query::outcome_report(
            deps,
            page.trial_id,
            query::start_u32(page.start_after),
            page.limit,
        )?)?,
        QueryMsg::Overdue { start_after, limit } => {
            to_json_binary(&query::overdue(deps, env, start_after, limit)?)?
        }
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    // A 0.1.x state (trials, participants and consents stored as the API types) is refused, not
    // misread.
    let from = cw_health_types::migration::ensure_from_layout(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
        OLD_STORAGE_LAYOUT,
    )?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
