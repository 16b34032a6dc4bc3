// The plan's view of the Athena kit: the Glue table as the DDL an
// investigator would recognise, and each saved query with its parameters.
// Built from the registered inputs, so it shows what AWS would receive.
import { SimulatedResource } from "./simulator";

type Column = { name: string; type: string; comment?: string };

export function renderAthena(resources: SimulatedResource[]): string[] {
    const lines: string[] = [];
    for (const t of resources.filter((r) => r.type === "aws:glue/catalogTable:CatalogTable")) {
        lines.push("", `Athena table ${t.inputs.databaseName}.${t.inputs.name}, as DDL:`, ...tableDdl(t.inputs).map((l) => `  ${l}`));
    }
    const queries = resources.filter((r) => r.type === "aws:athena/namedQuery:NamedQuery");
    if (queries.length > 0) {
        lines.push("", `Saved queries (${queries.length}), in workgroup ${queries[0].inputs.workgroup}:`);
        for (const q of queries) lines.push(`  ${q.inputs.name}: ${q.inputs.description}`);
    }
    return lines;
}

function tableDdl(t: Record<string, any>): string[] {
    const sd = t.storageDescriptor ?? {};
    const columns = (cols: Column[]) => cols.map((c, i) => `  ${c.name} ${c.type}${i < cols.length - 1 ? "," : ""}${c.comment ? `  -- ${c.comment}` : ""}`);
    const properties = Object.entries((t.parameters ?? {}) as Record<string, string>);
    return [
        `CREATE EXTERNAL TABLE ${t.databaseName}.${t.name} (`,
        ...columns(sd.columns ?? []),
        ")",
        "PARTITIONED BY (",
        ...columns(t.partitionKeys ?? []),
        ")",
        `ROW FORMAT SERDE '${sd.serDeInfo?.serializationLibrary}'`,
        `STORED AS INPUTFORMAT '${sd.inputFormat}'`,
        `OUTPUTFORMAT '${sd.outputFormat}'`,
        `LOCATION '${sd.location}'`,
        "TBLPROPERTIES (",
        ...properties.map(([k, v], i) => `  '${k}' = '${v}'${i < properties.length - 1 ? "," : ""}`),
        ")",
    ];
}
