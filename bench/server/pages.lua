-- wrk: GET /api/stories on one of the first 100 pages (50 stories each), at random.
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/stories?offset=" .. (math.random(0, 99) * 50))
end
