// SPDX-License-Identifier: Apache-2.0
// Reads an Arrow IPC file or stream with the apache-arrow JavaScript package (an independent reader
// of what capture-export writes) and prints, as JSON lines: the schema (each field's name, type and
// nullability), the number of record batches, then every row as an array of values. Timestamps are
// printed from the raw int64 data as decimal strings, so no nanosecond is lost on the way.
import { readFileSync } from 'node:fs';
import { tableFromIPC, Type } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const fields = table.schema.fields;
console.log(JSON.stringify(fields.map(f => ({ name: f.name, type: String(f.type), nullable: f.nullable }))));
console.log(JSON.stringify({ batches: table.batches.length, rows: table.numRows }));
for (const batch of table.batches) {
  const columns = fields.map((f, c) => batch.getChildAt(c));
  for (let row = 0; row < batch.numRows; row++) {
    const values = columns.map((column, c) => {
      if (!column.isValid(row)) {
        return null;
      }
      if (fields[c].type.typeId === Type.Timestamp) {
        const data = column.data[0];
        return String(data.values[data.offset + row]);
      }
      const value = column.get(row);
      return typeof value === 'bigint' ? String(value) : value;
    });
    console.log(JSON.stringify(values));
  }
}
