/**
 * The patient portal: a patient connects a key and sees, from ehr-registry, their records (type,
 * date, protection class; never content), who may see them (grants: give and revoke), their
 * delegates, and who saw them (the accounting of disclosures). Every refusal shows the contract's
 * own error text.
 */
import "./style.css";
import { CosmWasmClient, SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DirectSecp256k1HdWallet, makeCosmoshubPath, type OfflineSigner } from "@cosmjs/proto-signing";
import { GasPrice } from "@cosmjs/stargate";
import { EhrRegistry, timestampFromDate } from "@cw-health/client";
import { loadConfig, missing, type Config } from "./config";
import { addr, byId, contractError, day, fill, h, notice, start, table, when } from "./ui";

type Grant = EhrRegistry.GrantInfo;
type Purpose = EhrRegistry.PurposeOfUse;

/** HL7 v3 purposes of use, in words. */
const PURPOSE: Record<Purpose, string> = {
  TREAT: "treatment",
  ETREAT: "emergency treatment",
  BTG: "break the glass (emergency override)",
  HPAYMT: "payment",
  HOPERAT: "healthcare operations",
  HRESCH: "research",
  PUBHLTH: "public health",
  PATRQT: "at the patient's request",
};

/** Protection classes (HL7 confidentiality) and sensitivity labels, in words. */
const LABEL: Record<EhrRegistry.SecurityLabel, string> = {
  N: "normal",
  R: "restricted",
  V: "very restricted",
  ETH: "substance use",
  HIV: "HIV/AIDS",
  PSY: "psychiatry",
  SDV: "sexual and domestic violence",
};

interface Session {
  address: string;
  ehr: EhrRegistry.EhrRegistryClient;
  query: EhrRegistry.EhrRegistryQueryClient;
  client: SigningCosmWasmClient;
}

interface KeplrLike {
  enable(chainId: string): Promise<void>;
  getOfflineSigner(chainId: string): OfflineSigner;
}

let config: Config;
let session: Session | null = null;

const list = (xs: string[], none: string) => (xs.length ? xs.join(", ") : none);

/** A provision's scope in words: `read · treatment · Observation · normal data`. */
function scope(p: EhrRegistry.Provision): string {
  const parts = [
    list(p.actions, "any action"),
    list(p.purposes.map((x) => PURPOSE[x] ?? x), "any purpose"),
    list(p.resource_types, "any record type"),
    p.labels.length ? p.labels.map((l) => LABEL[l] ?? l).join(", ") : "normal data",
  ];
  if (p.record_ids.length) parts.push(`records ${p.record_ids.map((r) => `#${r}`).join(", ")}`);
  if (p.provisions.length) parts.push(`${p.provisions.length} exception(s)`);
  return (p.provision_type === "deny" ? "DENY " : "") + parts.join(" · ");
}

function grantee(g: EhrRegistry.Grantee): Node | string {
  if ("address" in g) return addr(g.address.address);
  if ("team" in g) return `care team #${g.team.team_id}`;
  return `every ${g.role.role}`;
}

function state(g: Grant): string {
  if (g.state === "inactive" && g.inactive_reason) return g.inactive_reason.replaceAll("_", " ");
  return g.state.replaceAll("_", " ");
}

/**
 * Marks the page busy (`body.busy`: buttons disabled) from the call until `run` settles, lists
 * reloaded included; tests wait for `body:not(.busy)`.
 */
function busy(run: () => Promise<unknown>): void {
  document.body.classList.add("busy");
  run()
    .catch((e: unknown) => notice("error", contractError(e)))
    .finally(() => document.body.classList.remove("busy"));
}

/** Runs a transaction, saying what happens; refusals show the contract's error. */
async function send(label: string, run: () => Promise<{ transactionHash: string }>): Promise<boolean> {
  notice("info", `${label}…`);
  try {
    const r = await run();
    notice("ok", `${label}: done (transaction ${r.transactionHash.slice(0, 12)}…).`);
    return true;
  } catch (e) {
    notice("error", `${label}: the contract refused: ${contractError(e)}`);
    return false;
  }
}

/** A list that loads one page at a time (`More` fetches the next). */
async function paged<T, C>(
  el: HTMLElement,
  fetchPage: (after: C | undefined) => Promise<T[]>,
  cursor: (last: T) => C,
  render: (items: T[]) => HTMLElement,
): Promise<void> {
  const items: T[] = [];
  let done = false;
  const more = async () => {
    const last = items.length ? items[items.length - 1] : undefined;
    const page = await fetchPage(last === undefined ? undefined : cursor(last));
    items.push(...page);
    done = page.length < 30;
    fill(el, render(items), done ? null : h("button", { type: "button", class: "more", onclick: () => void more().catch(show) }, "More"));
  };
  const show = (e: unknown) => fill(el, h("p", { class: "refusal" }, `Could not load: ${contractError(e)}`));
  await more().catch(show);
}

async function refresh(): Promise<void> {
  if (!session) return;
  const { address: patient, query } = session;
  const info = await query.patient({ address: patient });
  const who = byId("who");
  if (!info) {
    fill(
      who,
      "Connected as ",
      addr(patient),
      ". You are not registered as a patient yet. ",
      h("button", { type: "button", "data-testid": "register", onclick: () => busy(register) }, "Register as a patient"),
    );
    byId("patient").hidden = true;
    return;
  }
  fill(who, "Connected as ", h("span", { "data-testid": "address", title: patient }, patient), ` · patient since ${day(info.registered_at)}`);
  byId("patient").hidden = false;

  await Promise.all([
    paged(
      byId("records"),
      async (startAfter?: number) => (await query.records({ patient, startAfter, limit: 30 })).records,
      (r) => r.id,
      (rs) =>
        table("records", ["Record", "Type", "Date", "Protection", "Kept by"], rs, (r) => [
          `#${r.id}`,
          r.resource_type,
          r.data_period ? `${day(r.data_period.start)} – ${day(r.data_period.end)}` : day(r.created_at),
          r.labels.map((l) => `${l} (${LABEL[l] ?? l})`).join(", ") || "N (normal)",
          addr(r.custodian),
        ], "No records yet."),
    ),
    paged(
      byId("grants"),
      async (startAfter?: number) => (await query.grantsByPatient({ patient, startAfter, limit: 30 })).grants,
      (g) => g.id,
      (gs) =>
        table("grants", ["Grant", "Grantee", "Scope", "Until", "State", ""], gs, (g) => [
          `#${g.id}`,
          grantee(g.grantee),
          scope(g.provision),
          g.expires_at ? when(g.expires_at) : "no end date",
          h("span", { class: `state ${g.state}`, "data-testid": `grant-state-${g.id}` }, state(g)),
          g.state === "active" || g.inactive_reason === "not_started"
            ? h("button", { type: "button", "data-testid": `revoke-${g.id}`, onclick: () => busy(() => revoke(g.id)) }, "Revoke")
            : "",
        ], "Nobody has access to your records."),
    ),
    paged(
      byId("delegates"),
      async (startAfter?: string) => (await query.delegates({ patient, startAfter, limit: 30 })).delegates,
      (d) => d.delegate,
      (ds) =>
        table("delegates", ["Delegate", "Relationship", "Scope", "May manage grants", "Until", "Active"], ds, (d) => [
          addr(d.delegate),
          d.relationship.replaceAll("_", " "),
          [list(d.scope.actions, "any action"), list(d.scope.purposes.map((x) => PURPOSE[x] ?? x), "any purpose"), list(d.scope.resource_types, "any record type")].join(" · "),
          d.manage_grants ? "yes" : "no",
          d.expires_at ? when(d.expires_at) : "no end date",
          d.active ? "yes" : "no",
        ], "No delegates."),
    ),
    accounting(patient, query, session.client),
  ]);
}

async function accounting(patient: string, query: EhrRegistry.EhrRegistryQueryClient, client: CosmWasmClient): Promise<void> {
  // Over six years (HIPAA's accounting period) up to the chain's latest block time.
  const now = new Date((await client.getBlock()).header.time);
  const from = new Date(now.getTime() - 6 * 365.25 * 24 * 3600 * 1000);
  await paged(
    byId("accounting"),
    async (startAfter?: EhrRegistry.DisclosureCursor) =>
      (
        await query.accounting({
          patient,
          from: timestampFromDate(from),
          to: timestampFromDate(new Date(now.getTime() + 1000)),
          startAfter,
          limit: 30,
        })
      ).disclosures,
    (d) => ({ at: d.at, id: d.id }),
    (ds) =>
      table("accounting", ["When", "Who", "Purpose", "Action", "Record", "Allowed by"], ds, (d) => [
        when(d.at),
        addr(d.actor),
        `${PURPOSE[d.purpose] ?? d.purpose} (${d.purpose})`,
        d.action,
        `#${d.record_id}`,
        basis(d.basis),
      ], "Nobody has accessed your records."),
  );
}

function basis(b: EhrRegistry.AccessBasis): string {
  if ("grant" in b) return `grant #${b.grant.grant_id}`;
  if ("emergency" in b) return `emergency session #${b.emergency.session_id}`;
  if ("delegate" in b) return "your delegate";
  return "you";
}

async function register(): Promise<void> {
  const s = session;
  if (s && (await send("Registering as a patient", () => s.ehr.registerPatient()))) await refresh();
}

async function revoke(grantId: number): Promise<void> {
  const s = session;
  if (!s) return;
  if (await send(`Revoking grant #${grantId}`, () => s.ehr.revokeAccess({ grantId, reason: "patient_withdrew" }))) {
    await refresh();
  }
}

async function grant(): Promise<void> {
  const s = session;
  if (!s) return;
  const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
  const expiry = value("grant-expiry");
  const types = value("grant-types");
  const provision: EhrRegistry.Provision = {
    provision_type: "permit",
    actions: value("grant-actions").split(",") as EhrRegistry.AccessAction[],
    purposes: [value("grant-purpose") as Purpose],
    resource_types: (types && types.toLowerCase() !== "any" ? types.split(/[\s,]+/).filter(Boolean) : []) as EhrRegistry.FhirResourceType[],
    labels: [],
    record_ids: [],
    provisions: [],
  };
  const ok = await send("Giving access", () =>
    s.ehr.grantAccess({
      patient: s.address,
      grantee: { address: { address: value("grantee") } },
      provision,
      // The end of the chosen day (UTC).
      expiresAt: expiry ? timestampFromDate(new Date(`${expiry}T23:59:59Z`)) : undefined,
    }),
  );
  if (ok) {
    byId<HTMLFormElement>("grant-form").reset();
    await refresh();
  }
}

async function connect(signer: OfflineSigner): Promise<void> {
  notice("info", "Connecting…");
  try {
    const [account] = await signer.getAccounts();
    const client = await SigningCosmWasmClient.connectWithSigner(config.rpc, signer, {
      gasPrice: GasPrice.fromString(config.gasPrice),
    });
    const chainId = await client.getChainId();
    if (chainId !== config.chainId) throw new Error(`the node serves chain ${chainId}, not ${config.chainId}`);
    session = {
      address: account.address,
      client,
      ehr: new EhrRegistry.EhrRegistryClient(client, account.address, config.ehr),
      query: new EhrRegistry.EhrRegistryQueryClient(client, config.ehr),
    };
    byId("notice").hidden = true;
    await refresh();
  } catch (e) {
    notice("error", `Cannot connect: ${contractError(e)}`);
  }
}

async function main(): Promise<void> {
  config = await loadConfig();
  const lacking = missing(config, ["ehr"]);
  if (lacking.length) {
    notice("error", `Not configured: ${lacking.join(", ")}. Add config.json beside the page or query parameters (see README).`);
    return;
  }
  byId("node").textContent = `Node ${config.rpc} (${config.chainId}) · ehr-registry ${config.ehr}`;
  byId("mnemonic-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const mnemonic = byId<HTMLInputElement>("mnemonic").value.trim().replace(/\s+/g, " ");
    const index = Number(byId<HTMLInputElement>("account-index").value || "0");
    busy(() =>
      DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: config.prefix, hdPaths: [makeCosmoshubPath(index)] })
        .catch((err: unknown) => {
          throw new Error(`Not a valid mnemonic: ${contractError(err)}`);
        })
        .then(connect),
    );
  });
  const keplr = (window as unknown as { keplr?: KeplrLike }).keplr;
  if (keplr && typeof keplr.enable === "function") {
    const button = byId("keplr-connect");
    button.hidden = false;
    button.addEventListener("click", () =>
      busy(() =>
        keplr
          .enable(config.chainId)
          .catch((err: unknown) => {
            throw new Error(`Keplr: ${contractError(err)}`);
          })
          .then(() => connect(keplr.getOfflineSigner(config.chainId))),
      ),
    );
  } else {
    byId("keplr-note").textContent = "No browser wallet (Keplr) detected: use a development key.";
  }
  byId("grant-form").addEventListener("submit", (e) => {
    e.preventDefault();
    busy(grant);
  });
}

start(main);
