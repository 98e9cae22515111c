//! Care teams and organization groups: a grantee whose membership its manager keeps.
//!
//! A team is created by an active credentialed party, its manager, who alone adds and removes
//! members (registered parties, at most [`MAX_TEAM_MEMBERS_PER_MESSAGE`] each way per message).
//! A grant to a team applies to a member only when the member names the team it acts through
//! (`via_team`), the team's manager is still an active party and the member is an active party:
//! one membership read plus the team's and the manager's entries, never a walk of the members.

use cosmwasm_std::{Addr, Api, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Timestamp};
use cw_health_types::ehr_registry::{TeamKind, MAX_TEAM_MEMBERS_PER_MESSAGE};
use cw_health_types::limits::{validate_list_len, validate_unique};

use crate::error::ContractError;
use crate::execute::code;
use crate::state::{next_id, Team, NEXT_TEAM_ID, PARTIES, TEAMS, TEAM_MEMBERS};

/// An active credentialed party: creates a team it manages.
pub fn create_team(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    kind: TeamKind,
) -> Result<Response, ContractError> {
    match PARTIES.may_load(deps.storage, &info.sender)? {
        Some(p) if p.is_active(env.block.time) => {}
        _ => {
            return Err(ContractError::Unauthorized {
                role: "an active credentialed party",
            })
        }
    }
    let id = next_id(deps.storage, &NEXT_TEAM_ID)?;
    TEAMS.save(
        deps.storage,
        id,
        &Team {
            kind,
            manager: info.sender.clone(),
            member_count: 0,
            created_at: env.block.time,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "create_team")
        .add_attribute("team_id", id.to_string())
        .add_attribute("kind", code(&kind))
        .add_attribute("manager", info.sender))
}

/// Loads a team, or fails with `TeamNotFound`.
pub fn load_team(storage: &dyn Storage, team_id: u64) -> Result<Team, ContractError> {
    TEAMS
        .may_load(storage, team_id)?
        .ok_or(ContractError::TeamNotFound { team_id })
}

fn validate_addrs(api: &dyn Api, field: &str, list: &[String]) -> Result<Vec<Addr>, ContractError> {
    // Bounded before any address is parsed.
    validate_list_len(field, list, MAX_TEAM_MEMBERS_PER_MESSAGE)?;
    let addrs = list
        .iter()
        .map(|a| api.addr_validate(a))
        .collect::<StdResult<Vec<_>>>()?;
    validate_unique(field, &addrs, MAX_TEAM_MEMBERS_PER_MESSAGE)?;
    Ok(addrs)
}

/// The team's manager: adds registered parties to, and removes members from, its team.
pub fn update_team_members(
    deps: DepsMut,
    info: MessageInfo,
    team_id: u64,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Response, ContractError> {
    let mut team = load_team(deps.storage, team_id)?;
    if team.manager != info.sender {
        return Err(ContractError::Unauthorized {
            role: "the team's manager",
        });
    }
    if add.is_empty() && remove.is_empty() {
        return Err(ContractError::NothingToUpdate);
    }
    let add = validate_addrs(deps.api, "add", &add)?;
    let remove = validate_addrs(deps.api, "remove", &remove)?;
    // Validate everything before writing anything: a failed message changes nothing.
    for a in &add {
        if !PARTIES.has(deps.storage, a) {
            return Err(ContractError::PartyNotFound {
                address: a.to_string(),
            });
        }
        if remove.contains(a) {
            return Err(ContractError::TeamMemberConflict {
                address: a.to_string(),
            });
        }
    }
    for r in &remove {
        if !TEAM_MEMBERS.has(deps.storage, (team_id, r)) {
            return Err(ContractError::NotTeamMember {
                team_id,
                address: r.to_string(),
            });
        }
    }
    for a in &add {
        if !TEAM_MEMBERS.has(deps.storage, (team_id, a)) {
            TEAM_MEMBERS.save(deps.storage, (team_id, a), &())?;
            team.member_count = team.member_count.saturating_add(1);
        }
    }
    for r in &remove {
        TEAM_MEMBERS.remove(deps.storage, (team_id, r));
        team.member_count = team.member_count.saturating_sub(1);
    }
    TEAMS.save(deps.storage, team_id, &team)?;
    let join = |v: &[Addr]| v.iter().map(Addr::as_str).collect::<Vec<_>>().join(",");
    Ok(Response::new()
        .add_attribute("action", "update_team_members")
        .add_attribute("team_id", team_id.to_string())
        .add_attribute("added", join(&add))
        .add_attribute("removed", join(&remove))
        .add_attribute("member_count", team.member_count.to_string()))
}

/// Whether `actor` may act through the team now: the team exists, its manager is an active
/// party, and `actor` is a member. Three reads, whatever the team's size.
pub fn acts_through(
    storage: &dyn Storage,
    now: Timestamp,
    team_id: u64,
    actor: &Addr,
) -> StdResult<bool> {
    let Some(team) = TEAMS.may_load(storage, team_id)? else {
        return Ok(false);
    };
    if !TEAM_MEMBERS.has(storage, (team_id, actor)) {
        return Ok(false);
    }
    Ok(PARTIES
        .may_load(storage, &team.manager)?
        .is_some_and(|m| m.is_active(now)))
}
