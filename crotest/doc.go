// Package crotest holds test helpers for code that serves or calls the CRO
// Software API's contact endpoints:
//
//   - a conforming mock of the API to test a client against ([NewServer],
//     [NewMock]): an in-memory store of contacts behind the crohttp
//     middleware, with faults a test asks for (a status, a Retry-After, a
//     delay: [Fault]) and a record of the requests it got;
//   - a transport that fails a test on the first message that breaks the
//     contract ([NewTransport]), to test a server or a client on the wire;
//   - assertions on bodies and responses ([AssertValid],
//     [AssertViolations], [AssertResponse]), in the style of testify's
//     assert (each returns whether it passed, and takes optional message
//     arguments);
//   - a conformance tester for a server ([Conformance], [ConformanceURL],
//     [FuzzHandler]): generated requests, every answer compared with the
//     one RULES.md gives, each failure reported once with the smallest
//     request that shows it (crolint check runs it from the shell).
//
// Every failure message names what broke, where and why (method, path,
// location, code and detail) and never shows a bearer token: the
// violations of package croschema never hold one, and the helpers also
// remove every token they have seen from what they print, in case a server
// echoes one back.
package crotest
