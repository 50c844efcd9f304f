-- wrk script for bench/server/load.sh: each request POSTs one of the sample questions to /api/collections/default/ask,
-- round-robin; each thread counts 5xx answers, and done() prints the totals as KEY=VALUE lines for the shell script.
local questions = {}
for line in io.lines(os.getenv("QUESTIONS")) do
  if line:match("%S") and not line:match("^#") then
    questions[#questions + 1] = '{"question":"' .. line:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"}'
  end
end

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  server_errors = 0
  next_question = id
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  next_question = next_question % #questions + 1
  return wrk.format(nil, "/api/collections/default/ask", nil, questions[next_question])
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local server = 0
  for _, thread in ipairs(threads) do
    server = server + thread:get("server_errors")
  end
  io.write(string.format("ASK_REQUESTS=%d\n", summary.requests))
  io.write(string.format("ASK_SECONDS=%.3f\n", summary.duration / 1e6))
  io.write(string.format("ASK_P50_MS=%.1f\n", latency:percentile(50) / 1000))
  io.write(string.format("ASK_P99_MS=%.1f\n", latency:percentile(99) / 1000))
  io.write(string.format("ASK_MAX_MS=%.1f\n", latency.max / 1000))
  io.write(string.format("ASK_5XX=%d\n", server))
  io.write(string.format("ASK_NON_2XX=%d\n", summary.errors.status))
  io.write(string.format("ASK_SOCKET_ERRORS=%d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
