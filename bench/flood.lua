-- wrk script: a script kiddie's flood of sign-in starts. Each demo sign-in that gets through
-- writes a session row through the single writer, as a provider sign-in start writes its attempt.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.path = "/auth/demo"
wrk.body = "persona=employee"

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("FLOOD rps=%.0f non2xx=%d\n", summary.requests / secs, summary.errors.status))
end
