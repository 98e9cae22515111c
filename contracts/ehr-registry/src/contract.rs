//! Entry points and dispatch only; the work is in `execute` and `query`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_health_types::ehr_registry::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use cw_health_types::payment::nonpayable;

use crate::error::ContractError;
use crate::{
    delegates, devices, disclosures, emergency, execute, grants, oncall, query, records,
    successors, teams, telehealth,
};

/// The cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// The cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The versions whose storage layout this code does not read (`[from, until)`): migration from
/// such a state is refused. The pre-release skeleton (0.0.x) held no such data and migrates.
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
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    let (sender, now) = (info.sender.clone(), env.block.time);
    // `grant_access` renews its signer's activity itself, from the patient entry it reads.
    let renews_itself = matches!(msg, ExecuteMsg::GrantAccess { .. });
    let res = dispatch(deps.branch(), env, info, msg)?;
    // Liveness: every message a registered patient signs renews its last activity (and so
    // ends any succession in force).
    if !renews_itself {
        successors::touch(deps.storage, &sender, now)?;
    }
    Ok(res)
}

fn dispatch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::UpdateOwnership(action) => execute::update_ownership(deps, env, info, action),
        ExecuteMsg::UpdateConfig {
            credentialing_authority,
            emergency_policy,
            guardianship_end_age,
        } => execute::update_config(
            deps,
            info,
            execute::ConfigUpdate {
                credentialing_authority,
                emergency_policy,
                guardianship_end_age,
            },
        ),
        ExecuteMsg::SetPrivacyOfficer { address, appointed } => {
            execute::set_privacy_officer(deps, info, address, appointed)
        }
        ExecuteMsg::SetGateway { address, trusted } => {
            execute::set_gateway(deps, info, address, trusted)
        }
        ExecuteMsg::RegisterParty {
            address,
            identifier,
            role,
            license_expiry,
        } => execute::register_party(
            deps,
            env,
            info,
            execute::NewParty {
                address,
                identifier,
                role,
                license_expiry,
            },
        ),
        ExecuteMsg::UpdateParty {
            address,
            status,
            license_expiry,
            reason,
        } => execute::update_party(deps, info, address, status, license_expiry, reason),
        ExecuteMsg::RegisterPatient {} => execute::register_patient(deps, env, info),
        ExecuteMsg::AddRecord {
            patient,
            content,
            resource_type,
            labels,
            data_period,
        } => records::add_record(
            deps,
            env,
            info,
            records::NewRecord {
                patient,
                content,
                resource_type,
                labels,
                data_period,
            },
        ),
        ExecuteMsg::AmendRecord {
            record_id,
            content,
            labels,
            data_period,
            reason,
            reason_hash,
        } => records::amend_record(
            deps,
            env,
            info,
            records::Amendment {
                record_id,
                content,
                labels,
                data_period,
                reason,
                reason_hash,
            },
        ),
        ExecuteMsg::SetSelfPayRestriction {
            record_id,
            restricted,
        } => records::set_self_pay_restriction(deps, info, record_id, restricted),
        ExecuteMsg::GrantAccess {
            patient,
            grantee,
            provision,
            starts_at,
            expires_at,
            policy_hash,
            verification,
        } => grants::grant_access(
            deps,
            env,
            info,
            grants::GrantFields {
                patient,
                grantee,
                provision,
                starts_at,
                expires_at,
                policy_hash,
                verification,
            },
        ),
        ExecuteMsg::ProposeGrant {
            patient,
            grantee,
            provision,
            starts_at,
            expires_at,
            policy_hash,
            verification,
        } => grants::propose_grant(
            deps,
            env,
            info,
            grants::GrantFields {
                patient,
                grantee,
                provision,
                starts_at,
                expires_at,
                policy_hash,
                verification,
            },
        ),
        ExecuteMsg::RespondToGrant { grant_id, accept } => {
            grants::respond_to_grant(deps, env, info, grant_id, accept)
        }
        ExecuteMsg::RevokeAccess { grant_id, reason } => {
            grants::revoke_access(deps, env, info, grant_id, reason)
        }
        ExecuteMsg::MarkGrantEnteredInError { grant_id } => {
            grants::mark_grant_entered_in_error(deps, env, info, grant_id)
        }
        ExecuteMsg::AppointDelegate {
            delegate,
            relationship,
            scope,
            manage_grants,
            expires_at,
        } => delegates::appoint_delegate(
            deps,
            env,
            info,
            delegates::Appointment {
                delegate,
                relationship,
                scope,
                manage_grants,
                expires_at,
            },
        ),
        ExecuteMsg::DeclareBirthYear { birth_year } => {
            delegates::declare_birth_year(deps, env, info, birth_year)
        }
        ExecuteMsg::CreateTeam { kind } => teams::create_team(deps, env, info, kind),
        ExecuteMsg::UpdateTeamMembers {
            team_id,
            add,
            remove,
        } => teams::update_team_members(deps, info, team_id, add, remove),
        ExecuteMsg::NameSuccessor {
            successor,
            scope,
            inactivity_secs,
        } => successors::name_successor(
            deps,
            env,
            info,
            successors::Naming {
                successor,
                scope,
                inactivity_secs,
            },
        ),
        ExecuteMsg::RemoveSuccessor { patient, successor } => {
            successors::remove_successor(deps, info, patient, successor)
        }
        ExecuteMsg::ActivateSuccession { patient } => {
            successors::activate_succession(deps, env, info, patient)
        }
        ExecuteMsg::SetEthicsClearance {
            researcher,
            cleared,
        } => execute::set_ethics_clearance(deps, env, info, researcher, cleared),
        ExecuteMsg::RemoveDelegate { patient, delegate } => {
            delegates::remove_delegate(deps, info, patient, delegate)
        }
        ExecuteMsg::EmergencyAccess {
            patient,
            reason,
            justification_hash,
            duration_secs,
        } => emergency::emergency_access(
            deps,
            env,
            info,
            emergency::Opening {
                patient,
                reason,
                justification_hash,
                duration_secs,
            },
        ),
        ExecuteMsg::EndEmergencyAccess { session_id } => {
            emergency::end_emergency_access(deps, env, info, session_id)
        }
        ExecuteMsg::CloseReview {
            review_id,
            outcome,
            finding_hash,
        } => emergency::close_review(deps, env, info, review_id, outcome, finding_hash),
        ExecuteMsg::RecordAccess {
            patient,
            record_id,
            actor,
            action,
            purpose,
            accounting_suspended_until,
            via_team,
        } => disclosures::record_access(
            deps,
            env,
            info,
            disclosures::Disclosed {
                patient,
                record_id,
                actor,
                action,
                purpose,
                accounting_suspended_until,
                via_team,
            },
        ),
        ExecuteMsg::SetLicensure {
            clinician,
            jurisdictions,
            compacts,
        } => telehealth::set_licensure(deps, env, info, clinician, jurisdictions, compacts),
        ExecuteMsg::BookVisit {
            patient,
            clinician,
            modality,
            jurisdiction,
            starts_at,
            ends_at,
        } => telehealth::book_visit(
            deps,
            env,
            info,
            telehealth::Booking {
                patient,
                host: telehealth::Host::Clinician(clinician),
                modality,
                jurisdiction,
                starts_at,
                ends_at,
            },
        ),
        ExecuteMsg::BookOnCallVisit {
            patient,
            team_id,
            modality,
            jurisdiction,
            starts_at,
            ends_at,
        } => telehealth::book_visit(
            deps,
            env,
            info,
            telehealth::Booking {
                patient,
                host: telehealth::Host::Team(team_id),
                modality,
                jurisdiction,
                starts_at,
                ends_at,
            },
        ),
        ExecuteMsg::TakeVisit { visit_id } => oncall::take_visit(deps, env, info, visit_id),
        ExecuteMsg::ConsentToVisit {
            visit_id,
            consent_hash,
            resource_types,
        } => telehealth::consent_to_visit(deps, env, info, visit_id, consent_hash, resource_types),
        ExecuteMsg::RecordEncounter { visit_id, content } => {
            telehealth::record_encounter(deps, env, info, visit_id, content)
        }
        ExecuteMsg::EndVisit { visit_id } => telehealth::end_visit(deps, env, info, visit_id),
        ExecuteMsg::EnrollDevice {
            patient,
            device,
            ordering_clinician,
            ends_at,
        } => devices::enroll_device(
            deps,
            env,
            info,
            devices::NewEnrollment {
                patient,
                device,
                ordering_clinician,
                ends_at,
            },
        ),
        ExecuteMsg::EndDeviceEnrollment { patient, device } => {
            devices::end_device_enrollment(deps, env, info, patient, device)
        }
        ExecuteMsg::SubmitReading {
            patient,
            reading_hash,
            taken_at,
            uri,
        } => devices::submit_reading(
            deps,
            env,
            info,
            devices::NewReading {
                patient,
                reading_hash,
                taken_at,
                uri,
            },
        ),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?)?,
        QueryMsg::Ownership {} => to_json_binary(&query::ownership(deps)?)?,
        QueryMsg::CheckAccess(request) => {
            to_json_binary(&query::check_access(deps, env, request)?)?
        }
        QueryMsg::RecordUse(request) => to_json_binary(&query::record_use(deps, env, request)?)?,
        QueryMsg::Party { address } => to_json_binary(&query::party(deps, env, address)?)?,
        QueryMsg::Parties { start_after, limit } => {
            to_json_binary(&query::parties(deps, env, start_after, limit)?)?
        }
        QueryMsg::Patient { address } => to_json_binary(&query::patient(deps, address)?)?,
        QueryMsg::Team { team_id } => to_json_binary(&query::team(deps, team_id)?)?,
        QueryMsg::TeamMembers {
            team_id,
            start_after,
            limit,
        } => to_json_binary(&query::team_members(deps, team_id, start_after, limit)?)?,
        QueryMsg::Successors {
            patient,
            start_after,
            limit,
        } => to_json_binary(&query::successors(deps, patient, start_after, limit)?)?,
        QueryMsg::Record { record_id } => to_json_binary(&query::record(deps, record_id)?)?,
        QueryMsg::Records {
            patient,
            start_after,
            limit,
        } => to_json_binary(&query::records(deps, patient, start_after, limit)?)?,
        QueryMsg::Grant { grant_id } => to_json_binary(&query::grant(deps, env, grant_id)?)?,
        QueryMsg::GrantsByPatient {
            patient,
            start_after,
            limit,
        } => to_json_binary(&query::grants_by_patient(
            deps,
            env,
            patient,
            start_after,
            limit,
        )?)?,
        QueryMsg::GrantsByGrantee {
            grantee,
            start_after,
            limit,
        } => to_json_binary(&query::grants_by_grantee(
            deps,
            env,
            grantee,
            start_after,
            limit,
        )?)?,
        QueryMsg::Delegate { patient, delegate } => {
            to_json_binary(&query::delegate(deps, env, patient, delegate)?)?
        }
        QueryMsg::Delegates {
            patient,
            start_after,
            limit,
        } => to_json_binary(&query::delegates(deps, env, patient, start_after, limit)?)?,
        QueryMsg::PrivacyOfficers { start_after, limit } => {
            to_json_binary(&query::privacy_officers(deps, start_after, limit)?)?
        }
        QueryMsg::Gateways { start_after, limit } => {
            to_json_binary(&query::gateways(deps, start_after, limit)?)?
        }
        QueryMsg::EmergencySession { session_id } => {
            to_json_binary(&query::emergency_session(deps, env, session_id)?)?
        }
        QueryMsg::EmergencySessionsByPatient {
            patient,
            start_after,
            limit,
        } => to_json_binary(&query::emergency_sessions(
            deps,
            env,
            false,
            patient,
            start_after,
            limit,
        )?)?,
        QueryMsg::EmergencySessionsByClinician {
            clinician,
            start_after,
            limit,
        } => to_json_binary(&query::emergency_sessions(
            deps,
            env,
            true,
            clinician,
            start_after,
            limit,
        )?)?,
        QueryMsg::Review { review_id } => to_json_binary(&query::review(deps, env, review_id)?)?,
        QueryMsg::Reviews { start_after, limit } => {
            to_json_binary(&query::reviews(deps, env, start_after, limit)?)?
        }
        QueryMsg::OverdueReviews { start_after, limit } => {
            to_json_binary(&query::overdue_reviews(deps, env, start_after, limit)?)?
        }
        QueryMsg::Accounting {
            patient,
            from,
            to,
            start_after,
            limit,
            accountable_only,
        } => to_json_binary(&query::accounting(
            deps,
            env,
            accountable_only.unwrap_or(false),
            patient,
            from,
            to,
            start_after,
            limit,
        )?)?,
        QueryMsg::Licensure { address } => to_json_binary(&telehealth::licensure(deps, address)?)?,
        QueryMsg::Visit { visit_id } => to_json_binary(&telehealth::visit(deps, env, visit_id)?)?,
        QueryMsg::VisitsByPatient {
            patient,
            start_after,
            limit,
        } => to_json_binary(&telehealth::visits(
            deps,
            env,
            telehealth::VisitsOf::Patient(patient),
            start_after,
            limit,
        )?)?,
        QueryMsg::VisitsByClinician {
            clinician,
            start_after,
            limit,
        } => to_json_binary(&telehealth::visits(
            deps,
            env,
            telehealth::VisitsOf::Clinician(clinician),
            start_after,
            limit,
        )?)?,
        QueryMsg::VisitsByTeam {
            team_id,
            start_after,
            limit,
        } => to_json_binary(&telehealth::visits(
            deps,
            env,
            telehealth::VisitsOf::Team(team_id),
            start_after,
            limit,
        )?)?,
        QueryMsg::DeviceEnrollment { patient, device } => {
            to_json_binary(&devices::device_enrollment(deps, env, patient, device)?)?
        }
        QueryMsg::DeviceEnrollments {
            patient,
            start_after,
            limit,
        } => to_json_binary(&devices::device_enrollments(
            deps,
            env,
            patient,
            start_after,
            limit,
        )?)?,
        QueryMsg::DeviceReadingDays {
            patient,
            device,
            from_day,
            to_day,
        } => to_json_binary(&devices::device_reading_days(
            deps, patient, device, from_day, to_day,
        )?)?,
        QueryMsg::Reading { reading_hash } => {
            to_json_binary(&devices::reading(deps, reading_hash)?)?
        }
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    // 0.2.0 stores grants, records, patients, parties and disclosures compactly (issue 20): a
    // 0.1.0 state is refused, not misread.
    let from = cw_health_types::migration::ensure_from_layout(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
        OLD_STORAGE_LAYOUT,
    )?;
    execute::ensure_config(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
