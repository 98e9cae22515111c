/**
 * Typed clients for the cw-health contracts: one namespace per contract (`EhrRegistry`,
 * `DrugProvenance`, `TrialAnchor`, `ClaimsEngine`), each with its message and response types,
 * a query client (`<Contract>QueryClient`, over a `CosmWasmClient`), a signing client
 * (`<Contract>Client`, over a `SigningCosmWasmClient`) and a message composer
 * (`<Contract>MsgComposer`, `MsgExecuteContract` objects to sign and broadcast together).
 * Generated from schema/ by codegen.js; see README.md.
 */
export * from "./generated";
export { timestampFromDate, dateFromTimestamp } from "./time";
