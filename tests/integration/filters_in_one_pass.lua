-- Helper of filter_vs_tshark.py: many display filters in one tshark pass, each with the
-- capture's own times. tshark -X lua_script:THIS, with FILTERS_FILE (one filter a line) and
-- RESULT_FILE in the environment. Each filter gets a listener (a tap with that filter); at
-- the end of the file RESULT_FILE has a line per filter, in order: "A" and the numbers of
-- the frames it let through, or "R" when tshark refuses the filter.
local filters, hits = {}, {}
for line in io.lines(os.getenv("FILTERS_FILE")) do
  filters[#filters + 1] = line
end
for i, filter in ipairs(filters) do
  local ok, listener = pcall(Listener.new, nil, filter, true)
  if ok then
    hits[i] = {}
    listener.packet = function(pinfo) table.insert(hits[i], pinfo.number) end
  end
end
-- tshark calls every listener's draw() once, when the whole file has been read.
-- SEEN_FILE, if set, gets the numbers of the frames the taps saw at all: an exception
-- inside an ICMP error's quote keeps a frame from every tap, so no listener can answer
-- for it.
local reporter = Listener.new()
local seen = {}
function reporter.packet(pinfo) table.insert(seen, pinfo.number) end
function reporter.draw()
  if os.getenv("SEEN_FILE") then
    local s = assert(io.open(os.getenv("SEEN_FILE"), "w"))
    s:write(table.concat(seen, " ") .. "\n")
    s:close()
  end
  local out = assert(io.open(os.getenv("RESULT_FILE"), "w"))
  for i = 1, #filters do
    if hits[i] then
      out:write("A " .. table.concat(hits[i], " ") .. "\n")
    else
      out:write("R\n")
    end
  end
  out:close()
end
