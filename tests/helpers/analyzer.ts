// Plays the Pulumi engine's part of `pulumi preview --policy-pack
// guardrails`: starts the pack in a process of its own, as the CLI does, and
// sends it resources over the analyzer protocol (pulumirpc.Analyzer). There
// is no CLI on these machines, @pulumi/policy has no in-process entry point,
// and a second PolicyPack in one process exits it; this is how the real pack
// runs in a test.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { AnalyzedResource } from "../../plan/analyzed";

/* eslint-disable @typescript-eslint/no-require-imports */
// The generated protocol modules have no useful types; they are the same ones the CLI's own messages are built from.
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

export const PACK_DIR = path.resolve(__dirname, "../../guardrails");

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;

export interface Diagnostic {
    policy: string;
    message: string;
    enforcementLevel: (typeof LEVELS)[number];
    urn: string;
}

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: (typeof LEVELS)[number];
    /** The config schema the pack serves, which the CLI validates --policy-pack-config against. */
    configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export class RunningPack {
    private constructor(
        private readonly process: ChildProcess,
        private readonly client: any,
    ) {}

    /** Starts guardrails/ and waits for it to print its port, as the CLI does. */
    static async start(): Promise<RunningPack> {
        const child = spawn(process.execPath, ["-r", path.resolve(__dirname, "../../scripts/register.js"), "index.ts"], {
            cwd: PACK_DIR,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await new Promise<number>((resolve, reject) => {
            let stderr = "";
            child.stderr!.on("data", (d) => (stderr += d));
            child.stdout!.on("data", (d: Buffer) => {
                const match = /^(\d+)\s*$/m.exec(d.toString());
                if (match) resolve(Number(match[1]));
            });
            child.on("exit", (code) => reject(new Error(`the policy pack exited with ${code} before serving: ${stderr}`)));
        });
        return new RunningPack(child, new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    }

    stop(): void {
        this.client.close();
        this.process.kill();
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) => this.client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
    }

    async info(): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
        const r: any = await this.call("getAnalyzerInfo", new Empty());
        return {
            name: r.getName(),
            version: r.getVersion(),
            policies: r.getPoliciesList().map((p: any) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: LEVELS[p.getEnforcementlevel()],
                configSchema: p.getConfigschema()
                    ? { properties: p.getConfigschema().getProperties().toJavaScript(), required: p.getConfigschema().getRequiredList() }
                    : undefined,
            })),
        };
    }

    /** `pulumi preview --policy-pack-config`: policy name to its settings. */
    async configure(config: Record<string, Record<string, unknown>>): Promise<void> {
        const request = new pb.ConfigureAnalyzerRequest();
        for (const [name, settings] of Object.entries(config)) {
            const entry = new pb.PolicyConfig();
            entry.setEnforcementlevel(pb.EnforcementLevel.MANDATORY);
            entry.setProperties(Struct.fromJavaScript(settings));
            request.getPolicyconfigMap().set(name, entry);
        }
        await this.call("configure", request);
    }

    /** Every resource policy on every resource, one Analyze call each, as the engine does while it steps through a preview. */
    async analyzeEach(resources: AnalyzedResource[]): Promise<Diagnostic[]> {
        const all: Diagnostic[] = [];
        for (const r of resources) {
            const request = describe(new pb.AnalyzeRequest(), r);
            // The engine attaches a resource policy's diagnostics to the resource it asked about.
            all.push(...diagnostics(await this.call("analyze", request)).map((d) => ({ ...d, urn: d.urn || r.urn })));
        }
        return all;
    }

    /** The stack policies over every resource at once, as the engine does at the end of a preview. */
    async analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]> {
        const request = new pb.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((r) => {
                const m = describe(new pb.AnalyzerResource(), r);
                if (r.parent) m.setParent(r.parent);
                m.setDependenciesList(r.dependencies);
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    const deps = new pb.AnalyzerPropertyDependencies();
                    deps.setUrnsList(urns);
                    m.getPropertydependenciesMap().set(key, deps);
                }
                return m;
            }),
        );
        return diagnostics(await this.call("analyzeStack", request));
    }
}

/** Fills what an AnalyzeRequest and a stack's AnalyzerResource share. */
function describe<T extends { setType(t: string): void; setName(n: string): void; setUrn(u: string): void; setProperties(p: unknown): void; setOptions(o: unknown): void }>(
    message: T,
    r: AnalyzedResource,
): T {
    message.setType(r.type);
    message.setName(r.name);
    message.setUrn(r.urn);
    message.setProperties(Struct.fromJavaScript(r.props));
    const options = new pb.AnalyzerResourceOptions();
    options.setProtect(r.protect);
    if (r.parent) options.setParent(r.parent);
    message.setOptions(options);
    return message;
}

function diagnostics(response: any): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any) => ({
        policy: d.getPolicyname(),
        message: d.getMessage(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        urn: d.getUrn(),
    }));
}
