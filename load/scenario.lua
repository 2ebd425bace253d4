-- One scenario of the load run, for wrk; run.sh starts one wrk per scenario, all at the same time.
-- SCENARIO picks the requests, READ_IDS and UPDATE_IDS name files of seeded identities, RUN_ID keeps
-- emails unique across runs. Each scenario counts answers other than the one it expects.
-- Everything is signed in: BEARER_TOKEN is the automation client's access token, sent on every backend
-- request; FRONTEND_COOKIE is editor's session cookie, sent on every frontend request. run.sh takes both.

local scenario = os.getenv("SCENARIO")
local run = os.getenv("RUN_ID")

local expected = ({
  ["backend-list"] = 200, ["backend-get"] = 200, ["backend-create"] = 201, ["backend-update"] = 200,
  ["frontend-list"] = 200, ["frontend-detail"] = 200,
})[scenario] or error("unknown SCENARIO " .. tostring(scenario))

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    lines[#lines + 1] = line
  end
  return lines
end

-- wrk.format uses wrk.headers only when a request names no headers; with(...) adds them to those it names.
if scenario:match("^backend%-") then
  local token = os.getenv("BEARER_TOKEN") or ""
  if token == "" then error("BEARER_TOKEN is not set") end
  wrk.headers["Authorization"] = "Bearer " .. token
else
  local cookie = os.getenv("FRONTEND_COOKIE") or ""
  if cookie == "" then error("FRONTEND_COOKIE is not set") end
  wrk.headers["Cookie"] = cookie
end

local function with(extra)
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  for name, value in pairs(extra) do headers[name] = value end
  return headers
end

local read_ids = read_lines(os.getenv("READ_IDS"))
local statuses = { "verified", "rejected", "pending" }
local threads = {}

function setup(thread)
  thread:set("index", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  counter, unexpected, server_errors = 0, 0, 0
  math.randomseed(index * 7919)
  if scenario == "backend-update" then
    -- One connection per thread and one identity per thread: nobody else writes it, so the version
    -- this thread last saw is the current one and every PUT carries a correct If-Match.
    local own = read_lines(os.getenv("UPDATE_IDS"))[index]
    update_id, update_email = own:match("(%S+) (%S+)")
    version, resync = 1, false
  end
end

function request()
  counter = counter + 1
  if scenario == "backend-list" then
    return wrk.format("GET", "/api/identities?limit=20")
  elseif scenario == "backend-get" then
    return wrk.format("GET", "/api/identities/" .. read_ids[math.random(#read_ids)])
  elseif scenario == "backend-create" then
    local body = string.format(
      '{"givenName":"Load","familyName":"Create %d","email":"load-%s-%d-%d@example.com","dateOfBirth":"1990-01-01"}',
      counter, run, index, counter)
    return wrk.format("POST", "/api/identities", with({ ["Content-Type"] = "application/json" }), body)
  elseif scenario == "backend-update" then
    if resync then
      -- A lost answer left the version unknown: read it back before writing again.
      return wrk.format("GET", "/api/identities/" .. update_id)
    end
    local body = string.format(
      '{"givenName":"Load","familyName":"Update %d","email":"%s","dateOfBirth":"1990-01-01","status":"%s"}',
      counter, update_email, statuses[counter % #statuses + 1])
    return wrk.format("PUT", "/api/identities/" .. update_id,
      with({ ["Content-Type"] = "application/json", ["If-Match"] = '"' .. version .. '"' }), body)
  elseif scenario == "frontend-list" then
    return wrk.format("GET", "/")
  else
    return wrk.format("GET", "/identities/" .. read_ids[math.random(#read_ids)])
  end
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
  if status ~= expected then
    unexpected = unexpected + 1
  end
  if scenario == "backend-update" then
    local etag = headers["ETag"] or headers["etag"]
    if status == 200 and etag then
      version = tonumber(etag:match('"(%d+)"')) or version
      resync = false
    elseif status == 412 then
      resync = true
    end
  end
end

function done(summary, latency, requests)
  local bad, five = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    five = five + thread:get("server_errors")
  end
  local e = summary.errors
  local errors = bad + e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %s %d %.1f %.1f %.1f %d %d\n", scenario, summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, five))
end
