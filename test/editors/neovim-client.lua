-- Drives `sg-guard lsp --stdio` from Neovim's built-in LSP client (0.7+), headless: open a file,
-- wait for diagnostics, ask for a hover and the quick fixes, fix the line, wait for the diagnostic to
-- go. Writes what it saw as JSON to $SG_NVIM_OUT. Run by test/editors/neovim.editor.ts.
local out_path = os.getenv('SG_NVIM_OUT')
local result = { steps = {} }

local function finish(err)
  if err then result.error = err end
  vim.fn.writefile({ vim.fn.json_encode(result) }, out_path)
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'sg-guard',
    cmd = vim.fn.json_decode(os.getenv('SG_NVIM_CMD')),
    root_dir = os.getenv('SG_NVIM_ROOT'),
    settings = { sgGuard = { trustedCidrs = { '203.0.113.0/24' } } },
    -- Neovim 0.7 does not answer workspace/configuration pulls; like nvim-lspconfig, push the settings.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
  })
  assert(client_id, 'the language server did not start')
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('SG_NVIM_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)

  local function diagnostics()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(list, { line = d.lnum, col = d.col, end_col = d.end_col, message = d.message })
    end
    return list
  end

  local seen = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  result.diagnostics = diagnostics()
  if not seen then error('no diagnostics within 20 s') end
  local d = vim.diagnostic.get(buf)[1]

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = d.lnum, character = d.col + 1 },
  }
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}
  for _, r in pairs(hover) do
    if r.result and r.result.contents then result.hover = r.result.contents.value end
  end

  local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
  local lsp_diags = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum)
  local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = lsp_diags },
  }, 10000) or {}
  result.actions = {}
  for _, r in pairs(actions) do
    for _, a in ipairs(r.result or {}) do table.insert(result.actions, a.title) end
  end

  -- Type a safe CIDR over the world one: an incremental didChange, then the diagnostic must go.
  local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  local fixed = line:gsub('0%.0%.0%.0/0', '10.0.0.0/8')
  vim.api.nvim_buf_set_lines(buf, d.lnum, d.lnum + 1, false, { fixed })
  result.cleared = vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  result.after = diagnostics()
end)

finish(not ok and tostring(err) or nil)
