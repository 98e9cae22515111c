/**
 * The pack verifier: anyone checks a pack against drug-provenance (`verify_unit`, a query: no key,
 * no fee), the way a pharmacy checks a pack against the EU FMD hub before handing it out. Shows
 * the status, the FMD/NMVS alerts for each mismatch, the recall and the quarantine.
 */
import "./style.css";
import { CosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DrugProvenance } from "@cw-health/client";
import { loadConfig, missing } from "./config";
import { expiryText, gtinValid, Gs1Error, parsePack, type Pack } from "./gs1";
import { addr, byId, contractError, day, fill, h, notice, start, when } from "./ui";

type Status = DrugProvenance.UnitStatus;

/** What each status tells the person at the counter. */
const STATUS: Record<Status, [verdict: "ok" | "warn" | "stop", text: string]> = {
  active: ["ok", "Genuine and active: the pack may be supplied."],
  in_transit: ["warn", "In transit between trading partners: not yet received by its next owner."],
  dispensed: ["stop", "Already dispensed: do not supply it again."],
  recalled: ["stop", "Recalled: do not supply; return it as the recall notice says."],
  withdrawn: ["stop", "Withdrawn from the market: do not supply."],
  expired: ["stop", "Expired: do not supply."],
  quarantined: ["stop", "Quarantined as suspect: do not supply until the investigation clears it."],
  destroyed: ["stop", "Destroyed: this pack should not exist; a sign of a falsified pack."],
  unknown: ["stop", "Unknown: no pack with this code is on the ledger; possibly falsified."],
  stolen: ["stop", "Reported stolen: do not supply; report it."],
  exported: ["stop", "Exported out of the market: do not supply."],
  repackaged: ["stop", "Repackaged: this pack was consumed into another pack."],
};

/** The FMD/NMVS alert codes, in words. */
const ALERTS: Record<DrugProvenance.AlertCode, string> = {
  NMVS_NC_PC_02: "The serial number is unknown.",
  NMVS_FE_LOT_13: "The lot on the pack differs from the lot commissioned.",
  NMVS_FE_LOT_12: "The expiry on the pack differs from the expiry commissioned.",
  NMVS_NC_PCK_22: "The pack is already inactive (dispensed, destroyed, stolen or exported) and was presented again: a sign of a cloned serial.",
};

const field = (id: string) => byId<HTMLInputElement>(id);

function setFields(p: Pack): void {
  field("gtin").value = p.gtin;
  field("serial").value = p.serial;
  field("lot").value = p.lot;
  field("expiry").value = p.expiry;
}

function readFields(): Pack {
  return {
    gtin: field("gtin").value.trim(),
    serial: field("serial").value.trim(),
    lot: field("lot").value.trim(),
    expiry: field("expiry").value.trim(),
  };
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const lacking = missing(config, ["drug"]);
  if (lacking.length) {
    notice("error", `Not configured: ${lacking.join(", ")}. Add config.json beside the page or query parameters (see README).`);
    return;
  }
  byId("node").textContent = `Node ${config.rpc} · drug-provenance ${config.drug}`;
  let client: CosmWasmClient | null = null;
  const query = async () => {
    client ??= await CosmWasmClient.connect(config.rpc);
    return new DrugProvenance.DrugProvenanceQueryClient(client, config.drug);
  };

  const verify = async (pack: Pack) => {
    // `body.busy` until the answer is shown (tests wait for `body:not(.busy)`).
    document.body.classList.add("busy");
    const out = byId("result");
    out.hidden = false;
    fill(out, h("p", { class: "muted" }, "Verifying…"));
    if (!gtinValid(pack.gtin)) notice("info", `GTIN ${pack.gtin} is not 14 digits with a valid check digit; the ledger will not know it.`);
    else byId("notice").hidden = true;
    try {
      const q = await query();
      const v = await q.verifyUnit({
        gtin: pack.gtin,
        serial: pack.serial,
        lot: pack.lot || undefined,
        expiry: pack.expiry || undefined,
      });
      const known = v.status !== "unknown";
      const unit = known ? await q.unit({ gtin: pack.gtin, serial: pack.serial }) : null;
      const lot = known && v.lot ? await q.lot({ gtin: pack.gtin, lot: v.lot }) : null;
      const quarantine = unit?.quarantine ?? lot?.quarantine;
      const investigation = quarantine != null ? await q.investigation({ investigationId: quarantine }) : null;
      render(out, pack, v, unit, investigation);
    } catch (e) {
      fill(out, h("p", { class: "refusal", "data-testid": "error" }, `The node refused the query: ${contractError(e)}`));
    } finally {
      document.body.classList.remove("busy");
    }
  };

  byId("scan-form").addEventListener("submit", (e) => {
    e.preventDefault();
    try {
      const pack = parsePack(field("element-string").value);
      setFields(pack);
      void verify(pack);
    } catch (err) {
      notice("error", err instanceof Gs1Error ? `Cannot read the code: ${err.message}` : String(err));
    }
  });
  byId("verify-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void verify(readFields());
  });
}

function render(
  out: HTMLElement,
  pack: Pack,
  v: DrugProvenance.VerifyUnitResponse,
  unit: DrugProvenance.NullableUnitResponse | null,
  investigation: DrugProvenance.InvestigationResponse | null,
): void {
  const [verdict, text] = STATUS[v.status];
  const recall = unit?.recall;
  fill(
    out,
    h("h2", {}, "Result"),
    h(
      "div",
      { class: `verdict ${verdict}`, "data-testid": "verdict", "data-status": v.status },
      h("strong", { "data-testid": "status" }, v.status.replace("_", " ").toUpperCase()),
      h("span", {}, text),
    ),
    h(
      "div",
      { "data-testid": "alerts" },
      v.alerts.length === 0
        ? h("p", { class: "muted" }, "No FMD alert: the code matches what was commissioned.")
        : h(
            "ul",
            { class: "alerts" },
            v.alerts.map((a) => h("li", { "data-testid": "alert" }, h("code", {}, a), " ", ALERTS[a])),
          ),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Pack"),
      h("dd", {}, `GTIN ${v.gtin} · serial ${v.serial}`),
      h("dt", {}, "Lot / expiry"),
      h("dd", {}, v.lot ? `${v.lot} · ${expiryText(v.expiry ?? "")}` : `not on the ledger (pack says ${pack.lot || "—"} · ${pack.expiry ? expiryText(pack.expiry) : "—"})`),
      h("dt", {}, "Recall"),
      h(
        "dd",
        { "data-testid": "recall" },
        v.recall_class
          ? h("span", { class: "bad" }, `Class ${v.recall_class} recall`, recall ? ` since ${day(recall.recalled_at)} by ` : "", recall ? addr(recall.recalled_by) : "")
          : "Not recalled",
      ),
      h("dt", {}, "Quarantine"),
      h(
        "dd",
        { "data-testid": "quarantine" },
        investigation
          ? h(
              "span",
              { class: "bad" },
              `Quarantined: investigation #${investigation.id} (${investigation.reason.replaceAll("_", " ")}) opened ${day(investigation.opened_at)} by `,
              addr(investigation.opened_by),
              `, determination due ${day(investigation.due_at)}`,
            )
          : "Not quarantined",
      ),
      h("dt", {}, "Owner"),
      h("dd", {}, v.owner ? addr(v.owner) : "—"),
      v.dispensed_at ? [h("dt", {}, "Dispensed"), h("dd", {}, when(v.dispensed_at), " by ", addr(v.dispensed_by ?? ""))] : null,
    ),
  );
}

start(main);
