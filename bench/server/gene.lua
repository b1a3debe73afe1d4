-- wrk script: POST /api/v2/qrcode/gene for the demo app, as a PC page does.
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-authing-app-id"] = "demo"
