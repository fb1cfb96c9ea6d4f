import assert from "node:assert/strict";
import { test } from "node:test";
import { Interner } from "../../src/timeline/interner.js";
import { ResponseMatcher, type MatchedRows } from "../../src/timeline/match-responses.js";

const strings = new Interner();

/** Requests as the matcher reads them, by row; a row is answered once matched, as the fold's answer does. */
class Rows implements MatchedRows {
  private readonly sessionCodes: number[] = [];
  private readonly gets: boolean[] = [];
  private readonly answered: boolean[] = [];

  sessionCodeOf(row: number): number {
    return this.sessionCodes[row]!;
  }

  isGetOf(row: number): boolean {
    return this.gets[row]!;
  }

  hasResponseOf(row: number): boolean {
    return this.answered[row]!;
  }

  add(sessionId: string | null, httpMethod: string): number {
    this.sessionCodes.push(strings.code(sessionId));
    this.gets.push(httpMethod === "GET");
    return this.answered.push(false) - 1;
  }

  answer(row: number) {
    this.answered[row] = true;
  }
}

let rows = new Rows();

function newMatcher(): ResponseMatcher {
  rows = new Rows();
  return new ResponseMatcher(rows);
}

function request(sessionId: string | null, httpMethod = "POST"): number {
  return rows.add(sessionId, httpMethod);
}

function response(requestId: string | null, sessionId: string | null) {
  return { requestId, sessionCode: strings.code(sessionId) };
}

function answer(matcher: ResponseMatcher, event: ReturnType<typeof response>): number | undefined {
  const matched = matcher.match(event.requestId, event.sessionCode);
  if (matched !== undefined) rows.answer(matched);
  return matched;
}

test("a request waiting by its id is found after many thousands of others were answered by theirs", () => {
  const matcher = newMatcher();
  const early = request("s-early");
  matcher.addRequest(early, "r-early");
  for (let i = 0; i < 20_000; i++) {
    const r = request(`s-${i}`);
    matcher.addRequest(r, `r-${i}`);
    assert.equal(answer(matcher, response(`r-${i}`, null)), r);
  }
  assert.equal(answer(matcher, response("r-early", null)), early);
});

test("an id already answered matches nothing by that id again: the response falls back to its session", () => {
  const matcher = newMatcher();
  for (let round = 0; round < 3; round++) {
    // Thousands of answers in between, each removing its id from the table of ids.
    for (let i = 0; i < 5_000; i++) {
      matcher.addRequest(request(null), `r-${round}-${i}`);
      answer(matcher, response(`r-${round}-${i}`, null));
    }
    const first = request("s-1");
    const second = request("s-1");
    matcher.addRequest(first, `dup-${round}`);
    assert.equal(answer(matcher, response(`dup-${round}`, "s-1")), first);
    matcher.addRequest(second, `other-${round}`);
    assert.equal(answer(matcher, response(`dup-${round}`, "s-1")), second);
    assert.equal(answer(matcher, response(`other-${round}`, "s-1")), undefined);
  }
});

test("an id sent again names the latest request sent with it", () => {
  const matcher = newMatcher();
  const first = request("s-1");
  const second = request("s-2");
  matcher.addRequest(first, "r-1");
  matcher.addRequest(second, "r-1");
  assert.equal(answer(matcher, response("r-1", null)), second);
  assert.equal(answer(matcher, response("r-1", "s-1")), first);
});

test("a session's POST is answered before its GET stream, and its requests in the order sent", () => {
  const matcher = newMatcher();
  const stream = request("s-1", "GET");
  const post1 = request("s-1");
  const post2 = request("s-1");
  for (const r of [stream, post1, post2]) matcher.addRequest(r, null);
  assert.equal(answer(matcher, response(null, "s-1")), post1);
  assert.equal(answer(matcher, response(null, "s-1")), post2);
  assert.equal(answer(matcher, response(null, "s-1")), stream);
  assert.equal(answer(matcher, response(null, "s-1")), undefined);
});

test("a session's list of waiting requests, given back once empty, serves the next session in order; one taken by id leaves it", () => {
  const matcher = newMatcher();
  for (let round = 0; round < 3; round++) {
    const sent = ["a", "b"].map((s) => {
      const session = `s-${s}-${round}`;
      const rows = [request(session), request(session, "GET"), request(session), request(session)];
      rows.forEach((r, i) => matcher.addRequest(r, `${session}-${i}`));
      return { session, rows };
    });
    for (const { session, rows } of sent) {
      const [post1, stream, post2, post3] = rows as [number, number, number, number];
      assert.equal(answer(matcher, response(`${session}-2`, session)), post2);
      const bySession = [0, 1, 2, 3].map(() => answer(matcher, response(null, session)));
      assert.deepEqual(bySession, [post1, post3, stream, undefined]);
    }
  }
});
