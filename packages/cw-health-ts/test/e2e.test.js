// End to end from TypeScript: a real CosmJS signing client (the one the generated clients
// target) talks to a fresh local node (packages/local-node) over CometBFT RPC. It uploads and
// instantiates ehr-registry, then drives it only through the generated clients: the patient
// grants a clinician read access for treatment (`grant_access`), the clinician's access is read
// back with `check_access`, the patient revokes it, and `check_access` says no.
//
// Run by scripts/ts.sh, which starts the node and sets:
//   CW_HEALTH_RPC        the node's RPC address (http://127.0.0.1:PORT)
//   CW_HEALTH_ARTIFACTS  the directory of the optimized .wasm files
//   CW_HEALTH_TS_DIST    the compiled package
// The node funds the accounts of its public development mnemonic (local_node::DEV_MNEMONIC).
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const { DirectSecp256k1HdWallet, makeCosmoshubPath } = require("@cosmjs/proto-signing");
const { SigningCosmWasmClient } = require("@cosmjs/cosmwasm-stargate");
const { GasPrice } = require("@cosmjs/stargate");

const rpc = process.env.CW_HEALTH_RPC;
const artifacts = process.env.CW_HEALTH_ARTIFACTS;
const { EhrRegistry } = require(process.env.CW_HEALTH_TS_DIST || path.join(__dirname, "..", "dist"));
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const FAR_FUTURE = "1893456000000000000"; // 2030-01-01T00:00:00Z in nanoseconds, as a string

test("grant_access and check_access through the generated clients on a local node", { skip: !rpc && "CW_HEALTH_RPC is not set" }, async () => {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, {
    prefix: "wasm",
    hdPaths: [0, 1, 2].map((i) => makeCosmoshubPath(i)),
  });
  const [owner, patient, clinician] = (await wallet.getAccounts()).map((a) => a.address);
  const client = await SigningCosmWasmClient.connectWithSigner(rpc, wallet, {
    gasPrice: GasPrice.fromString("0.025ucosm"),
  });
  assert.equal(await client.getChainId(), "local-1");

  const wasm = fs.readFileSync(path.join(artifacts, "ehr_registry.wasm"));
  const { codeId } = await client.upload(owner, wasm, "auto");
  const { contractAddress } = await client.instantiate(owner, codeId, { owner }, "ehr-registry", "auto", {
    admin: owner,
  });

  const asOwner = new EhrRegistry.EhrRegistryClient(client, owner, contractAddress);
  const asPatient = new EhrRegistry.EhrRegistryClient(client, patient, contractAddress);
  const query = new EhrRegistry.EhrRegistryQueryClient(client, contractAddress);

  // The owner is made the credentialing authority and credentials the clinician.
  await asOwner.updateConfig({ credentialingAuthority: owner });
  await asOwner.registerParty({
    address: clinician,
    identifier: "NPI-1234567893",
    licenseExpiry: FAR_FUTURE,
    role: "clinician",
  });
  await asPatient.registerPatient();

  const ask = () =>
    query.checkAccess({ action: "read", actor: clinician, patient, purpose: "TREAT", resourceType: "Observation" });
  assert.equal((await ask()).allowed, false, "no grant yet");

  const granted = await asPatient.grantAccess({
    patient,
    grantee: { address: { address: clinician } },
    provision: {
      provision_type: "permit",
      actions: ["read"],
      purposes: ["TREAT"],
      resource_types: ["Observation"],
      labels: [],
      record_ids: [],
      provisions: [],
    },
  });
  assert.ok(granted.gasUsed > 0);
  const grantId = Number(
    granted.events
      .filter((e) => e.type === "wasm")
      .flatMap((e) => e.attributes)
      .find((a) => a.key === "grant_id").value,
  );
  const allowed = await ask();
  assert.equal(allowed.allowed, true, `the clinician may read: ${JSON.stringify(allowed)}`);

  await asPatient.revokeAccess({ grantId, reason: "patient_withdrew" });
  const denied = await ask();
  assert.equal(denied.allowed, false, "revocation is immediate");

  // A stranger cannot grant in the patient's name: the contract's refusal reaches the client.
  const asClinician = new EhrRegistry.EhrRegistryClient(client, clinician, contractAddress);
  await assert.rejects(
    asClinician.grantAccess({
      patient,
      grantee: { address: { address: clinician } },
      provision: {
        provision_type: "permit",
        actions: ["read"],
        purposes: ["TREAT"],
        resource_types: ["Observation"],
        labels: [],
        record_ids: [],
        provisions: [],
      },
    }),
    /unauthori[sz]ed|not allowed|may not|Unauthorized/i,
  );
  assert.equal((await ask()).allowed, false);
});
