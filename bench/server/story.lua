-- wrk: GET /api/stories/{id} for a random story id from 1 to $STORIES.
math.randomseed(11)
local stories = tonumber(os.getenv("STORIES") or "1000")
request = function()
  return wrk.format("GET", "/api/stories/" .. math.random(1, stories))
end
