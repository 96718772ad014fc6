// Prints a Parquet file as JSON: {"schema": [{name, type, logicalType, repetition}], "rows": [{column: value}]}.
// Used by the export tests as a reader independent of Parquet.Net. BigInt (int64) values print as strings.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'

const file = await asyncBufferFromFile(process.argv[2])
const metadata = await parquetMetadataAsync(file)
const schema = metadata.schema.slice(1).map(s => ({
  name: s.name,
  type: s.type,
  logicalType: s.logical_type?.type ?? s.converted_type ?? null,
  repetition: s.repetition_type,
}))
const rows = await parquetReadObjects({ file })
const text = JSON.stringify({ rowGroups: metadata.row_groups.length, schema, rows },
  (_, value) => typeof value === 'bigint' ? value.toString() : value)
process.stdout.write(text)
