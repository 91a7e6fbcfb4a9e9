-- Argo CD health of a ScrapeBatch (scrapebatch.io/v1alpha1).
--   Progressing  no status yet, status of an older generation, or Pending/Queued/Launching/Running/
--                Retrying
--   Healthy      Succeeded
--   Degraded     Failed, with the operator's status.message
-- An unknown phase falls back to the kstatus conditions the operator also writes (Stalled, Ready).
-- Only the base and table libraries are used: Argo CD runs a health check configured in argocd-cm
-- without the string, math and os libraries unless useOpenLibs is set.
local hs = {}

local function condition(conditionType)
  if obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == conditionType then
        return c
      end
    end
  end
  return nil
end

local function described(fallback)
  if obj.status.message ~= nil and obj.status.message ~= "" then
    return obj.status.message
  end
  return fallback
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the batch"
  return hs
end

-- A status written for an older spec says nothing about the current one.
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. tostring(generation) ..
    " (status is of generation " .. (observed ~= nil and tostring(observed) or "none") .. ")"
  return hs
end

local phase = obj.status.phase
if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = described("Succeeded")
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = described("Failed")
elseif phase == "Pending" or phase == "Queued" or phase == "Launching" or phase == "Running"
    or phase == "Retrying" then
  hs.status = "Progressing"
  hs.message = phase .. ": " .. described("in progress")
else
  local stalled = condition("Stalled")
  local ready = condition("Ready")
  if stalled ~= nil and stalled.status == "True" then
    hs.status = "Degraded"
    hs.message = stalled.message or "Stalled"
  elseif ready ~= nil and ready.status == "True" then
    hs.status = "Healthy"
    hs.message = ready.message or "Ready"
  else
    hs.status = "Progressing"
    hs.message = "Waiting for the operator to report a phase"
  end
end
return hs
