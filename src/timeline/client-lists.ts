import type { RequestTable } from "./records.js";
import { PackedRows } from "./packed-rows.js";
import type { RowsByPlace } from "./request-list.js";

/**
 * Every client's requests' rows side by side, client by client, each client's in row order: put
 * when a row is first read, not at the fold's end. Only a filtered timeline's making reads them
 * (filterTimeline, and the batches it asks); a run without `--client`/`--session` reads each
 * client's count and key's number alone, which packClients knows without them. Put at the fold's
 * end, they were 5.8-6.1 MB at 1 GiB kept with the timeline through the report (the run's peak),
 * and a pass over the request table besides the counts' (80-120 ms of the fold's end, spilled
 * blocks read back).
 */
export class ClientLists implements RowsByPlace {
  /** The rows once put (PackedRows, or an Int32Array where that is smaller): a private field, which a frozen model's (deepFreeze) does not stop. */
  #rows: PackedRows | Int32Array | null = null;

  constructor(
    private readonly table: RequestTable,
    /** The clients' keys' numbers in the table's strings, by the clients' positions. */
    private readonly clientCodes: Int32Array,
    /** Where each client's rows start, by position, and past the last's at `clientCodes.length`. */
    private readonly from: Int32Array,
  ) {}

  /** The row at `place`: the client at position c has places from(c)… */
  get(place: number): number {
    const rows = this.#rows ?? (this.#rows = this.put());
    return rows instanceof PackedRows ? rows.get(place) : rows[place]!;
  }

  /** Bytes held by the rows: none until a row is read. */
  get byteLength(): number {
    return this.#rows === null ? 0 : this.#rows.byteLength;
  }

  /**
   * Every row at its client's next place, one pass in row order (the table's blocks each read back
   * once). Clients whose requests lie far apart (thousands of them, each a request every few
   * minutes) make every group wide, 6.5 bytes a request: then an Int32Array's four.
   */
  private put(): PackedRows | Int32Array {
    const { table, clientCodes, from } = this;
    const clientOfCode = clientsByCode(clientCodes);
    const rows = new PackedRows(table.length);
    const next = from.slice(0, clientCodes.length);
    for (let r = 0; r < table.length; r++) rows.put(next[clientOfCode[table.clientCodeOf(r)]!]!++, r);
    return rows.trim().byteLength <= 4 * table.length ? rows : rows.toInt32Array();
  }
}

/** Each client's position, indexed by its key's number (the numbers no client's key has left at 0: no row has them). */
export function clientsByCode(clientCodes: Int32Array): Int32Array {
  let codes = 0;
  for (let c = 0; c < clientCodes.length; c++) codes = Math.max(codes, clientCodes[c]! + 1);
  const clientOfCode = new Int32Array(codes);
  for (let c = 0; c < clientCodes.length; c++) clientOfCode[clientCodes[c]!] = c;
  return clientOfCode;
}
