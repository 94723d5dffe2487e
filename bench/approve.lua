-- wrk -s approve.lua URL: the customer's approve/clear loop through the portal form.
-- Environment: COOKIE (antiforgery cookie), TOKEN (its form token), ITEMS (comma-separated item id:version pairs,
-- as the decision forms carry them).
-- Each request approves or clears the next item in turn, as clicks on the Estimate view would.
local items = {}
for id, version in string.gmatch(os.getenv("ITEMS") or "", "(%d+):(%d+)") do
  items[#items + 1] = { id = id, version = version }
end
local token = os.getenv("TOKEN") or ""
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("COOKIE") or ""

request = function()
  counter = counter + 1
  local item = items[(counter % #items) + 1]
  local action = (math.floor(counter / #items) % 2 == 0) and "approve" or "clear"
  local body = "Form.Action=" .. action .. "&Form.Item=" .. item.id .. "&Form.Version=" .. item.version .. "&__RequestVerificationToken=" .. token
  return wrk.format(nil, nil, nil, body)
end
