// The policy pack `pulumi preview --policy-pack guardrails` runs. This is
// the only place a PolicyPack is constructed: constructing one starts the
// analyzer server, and a second one in the same process exits it.
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./rules";

new PolicyPack("org-cloudtrail-guardrails", {
    description: "Fails a preview that would weaken the organization's audit trail, its archive, its keys or its alarms.",
    enforcementLevel: "mandatory",
    policies: POLICIES,
});
