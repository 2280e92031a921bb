import json,sys,glob,collections,re
recs=[]
for f in glob.glob(sys.argv[1]+'/log*.jsonl'):
    for l in open(f):
        try: recs.append(json.loads(l))
        except: pass
print(len(recs), collections.Counter(r['cat'] for r in recs))
kinds=collections.defaultdict(list)
for r in recs:
    for p in r['problems']:
        k=re.sub(r'`[^`]*`','`_`',p)
        k=re.sub(r'\d+','N',k)[:110]
        kinds[k].append(r)
for k,v in sorted(kinds.items(), key=lambda kv:-len(kv[1])):
    print(len(v), k)
    for r in v[:2]: print('     ', r['n'], r['site'], r['cat'], r['file'][-38:], repr(r['what'][:90]))
