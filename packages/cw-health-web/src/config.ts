/**
 * Where the pages find the chain: the node's RPC address and the contracts' addresses.
 *
 * Read from `config.json` beside the page, then overridden by query parameters:
 * `?rpc=http://127.0.0.1:26657&ehr=wasm1...&drug=wasm1...&chain=local-1&prefix=wasm&gas=0.025ucosm`.
 * `config.json` is either
 * - a deployment record written by `cw-health deploy` (`deployments/<chain-id>.json`: the
 *   contracts' addresses under `default`), with an `rpc` field added, or
 * - `{ "rpc", "chain_id", "bech32_prefix", "gas_price", "contracts": { "ehr-registry", "drug-provenance" } }`.
 * The pages talk to nothing else than that RPC address.
 */
export interface Config {
  rpc: string;
  chainId: string;
  prefix: string;
  gasPrice: string;
  ehr: string;
  drug: string;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export async function loadConfig(): Promise<Config> {
  let file: Json = {};
  try {
    const res = await fetch("./config.json", { cache: "no-store" });
    if (res.ok) file = (await res.json()) as Json;
  } catch {
    // No config.json: query parameters only.
  }
  const contracts = ((file.contracts ?? file.default ?? {}) as Json) || {};
  const q = new URLSearchParams(window.location.search);
  const config: Config = {
    rpc: q.get("rpc") ?? str(file.rpc),
    chainId: q.get("chain") ?? (str(file.chain_id) || "local-1"),
    prefix: q.get("prefix") ?? (str(file.bech32_prefix) || "wasm"),
    gasPrice: q.get("gas") ?? (str(file.gas_price) || "0.025ucosm"),
    ehr: q.get("ehr") ?? str(contracts["ehr-registry"]),
    drug: q.get("drug") ?? str(contracts["drug-provenance"]),
  };
  return config;
}

/** What is missing from the configuration, for the page to say. */
export function missing(config: Config, needs: ("ehr" | "drug")[]): string[] {
  const out: string[] = [];
  if (!config.rpc) out.push("the node's RPC address (rpc)");
  if (needs.includes("ehr") && !config.ehr) out.push("the ehr-registry address (ehr)");
  if (needs.includes("drug") && !config.drug) out.push("the drug-provenance address (drug)");
  return out;
}
