"""Operating a fleet that was live before its code: `pulumi-qoder import-file` and `orphans`.

`live.py` lists the account's live deployments (reads only, paced); `held.py` reads which
deployments `pulumi stack export` files hold; `names.py` gives each deployment a resource
name valid in every language; `import_file.py` and `orphans.py` are the two commands, and
`problem.py` the one-line failure they end with. Nothing here writes to the API.
"""
