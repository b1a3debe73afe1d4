-- wrk script: GET /api/v2/qrcode/check for poll keys read from a file (one
-- per line, the path given after `--`), cycling so every live code is hit.
local randoms = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    randoms[#randoms + 1] = line
  end
end

function request()
  next_index = next_index + 1
  local random = randoms[(next_index % #randoms) + 1]
  return wrk.format("GET", "/api/v2/qrcode/check?random=" .. random)
end
