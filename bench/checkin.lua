-- wrk script: PUT this week's check-in as a signed-in person, and report p50/p99 latency.
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("ORKA_COOKIE") or ""
wrk.path = "/api/v1/checkins/" .. os.getenv("ORKA_WEEK")
wrk.body = '{"stress":3,"work_ability":7,"who5":[3,3,2,4,3],"wants_to_talk":false,"note":null}'

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
