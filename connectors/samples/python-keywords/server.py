#!/usr/bin/env python3
"""python-keywords: a Pipelines remote connector (protocol 1) in Python 3, standard library only.

Serves one model, keywords-v1:
  classify  by keyword lexicons (built in for common labels; a label's description supplies its keywords)
  embed     by the hashing trick (word unigrams and bigrams into 256 signed buckets, L2-normalised)
  chat      an extractive summary: the prompt's most representative sentences, streamed on request

Everything is deterministic: the same input gives the same output on every machine.
Run:  python3 server.py --port 8099 [--host 127.0.0.1] [--secret S] [--broken]
"""

import argparse
import hashlib
import json
import math
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROTOCOL = "1"
NAME = "python-keywords"
VERSION = "1.0.0"
MODEL = "keywords-v1"
DIMENSIONS = 256
CONTEXT_WINDOW = 4096
MAX_TEXTS = 64

LEXICON = {
    "bullish": ["rise", "rises", "rose", "gain", "gains", "surge", "surged", "rally", "beat", "beats", "record",
                "growth", "upgrade", "profit", "strong", "higher", "up", "soar", "soared", "jump", "jumped"],
    "bearish": ["fall", "falls", "fell", "drop", "dropped", "loss", "losses", "plunge", "plunged", "miss", "missed",
                "warning", "downgrade", "weak", "lower", "down", "slump", "cut", "cuts", "decline", "declined"],
    "positive": ["good", "great", "excellent", "love", "happy", "pleased", "wonderful", "fast", "helpful", "thanks"],
    "negative": ["bad", "poor", "terrible", "hate", "angry", "broken", "slow", "awful", "refund", "disappointed"],
    "billing": ["invoice", "payment", "pay", "bill", "charge", "charged", "refund", "price", "subscription", "card"],
    "technical": ["error", "bug", "crash", "install", "login", "password", "broken", "timeout", "server", "api"],
    "spam": ["free", "winner", "prize", "click", "offer", "urgent", "lottery", "cash", "bonus", "guaranteed"],
    "urgent": ["urgent", "immediately", "asap", "now", "critical", "emergency", "outage", "down"],
}
STOPWORDS = set("a an the and or but if of to in on at for with by from is are was were be been it its this that "
                "these those as not no i you he she we they them his her our your their my me us so than then".split())
WORD = re.compile(r"[a-z0-9']+")
SENTENCE = re.compile(r"(?<=[.!?])\s+")


class Fault(Exception):
    def __init__(self, status, cls, message, retry_after=None):
        super().__init__(message)
        self.status, self.cls, self.message, self.retry_after = status, cls, message, retry_after


def invalid(message):
    return Fault(400, "invalid_request", message)


def words(text):
    return WORD.findall(text.lower())


def tokens(*texts):
    return sum(len(words(t)) for t in texts)


def text_field(value, path):
    if not isinstance(value, str):
        raise invalid(f"'{path}' must be a string.")
    if not value.strip():
        raise invalid(f"'{path}' is empty.")
    if len(words(value)) > CONTEXT_WINDOW:
        raise Fault(400, "context_length", f"'{path}' has more than {CONTEXT_WINDOW} words, the model's context window.")
    return value


# --- classify -------------------------------------------------------------------------------------------------------

def classify(inp):
    text = text_field(inp.get("text"), "text")
    labels = inp.get("labels")
    if not isinstance(labels, list) or len(labels) < 2:
        raise invalid("A classify step needs 'labels': an array of at least two strings.")
    names, keywords = [], []
    for i, item in enumerate(labels):
        if isinstance(item, dict):
            name = text_field(item.get("label"), f"labels[{i}].label")
            description = item.get("description")
            extra = words(text_field(description, f"labels[{i}].description")) if description is not None else []
        else:
            name, extra = text_field(item, f"labels[{i}]"), []
        if name in names:
            raise invalid(f"'labels' names '{name}' more than once.")
        names.append(name)
        own = [w for w in words(name) if w not in STOPWORDS]
        keywords.append(set(LEXICON.get(name.lower(), [])) | set(own) | {w for w in extra if w not in STOPWORDS})
    seen = words(text)
    total = max(len(seen), 1)
    scores = {}
    for name, keys in zip(names, keywords):
        hits = sum(1 for w in seen if w in keys)
        scores[name] = round(hits / total, 6)
    best = max(names, key=lambda n: (scores[n], -names.index(n)))
    if scores[best] == 0:
        # No keyword at all: a neutral-like label wins if offered, else the first label, with score 0.
        best = next((n for n in names if n.lower() in ("neutral", "other", "none", "unknown")), names[0])
    output = {"label": best, "score": scores[best], "scores": scores}
    return output, {"inputTokens": tokens(text, *names), "outputTokens": 1}


# --- embed ----------------------------------------------------------------------------------------------------------

def embed_one(text):
    vector = [0.0] * DIMENSIONS
    seen = words(text)
    features = seen + [a + " " + b for a, b in zip(seen, seen[1:])]
    for feature in features:
        digest = hashlib.sha256(feature.encode("utf-8")).digest()
        bucket = int.from_bytes(digest[:4], "big") % DIMENSIONS
        vector[bucket] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(x * x for x in vector))
    return [round(x / norm, 6) for x in vector] if norm else vector


def embed(inp):
    value = inp.get("input")
    if isinstance(value, str):
        text = text_field(value, "input")
        return {"vector": embed_one(text), "dimensions": DIMENSIONS}, {"inputTokens": tokens(text), "outputTokens": 0}
    if isinstance(value, list):
        if not value:
            raise invalid("'input' must hold at least one text.")
        if len(value) > MAX_TEXTS:
            raise invalid(f"'input' holds {len(value)} texts; at most {MAX_TEXTS} are accepted per call.")
        texts = [text_field(t, f"input[{i}]") for i, t in enumerate(value)]
        return ({"vectors": [embed_one(t) for t in texts], "dimensions": DIMENSIONS},
                {"inputTokens": tokens(*texts), "outputTokens": 0})
    if value is None:
        raise invalid("An embed step needs 'input': a string or an array of strings.")
    raise invalid("'input' must be a string or an array of strings.")


# --- chat: extractive summary -----------------------------------------------------------------------------------------

def chat_source(inp):
    parts = []
    messages = inp.get("messages")
    if messages is not None:
        if not isinstance(messages, list):
            raise invalid("'messages' must be an array of {role, content}.")
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or not isinstance(m.get("content"), str):
                raise invalid(f"'messages[{i}]' must be an object with a string 'content'.")
            if m.get("role", "user") == "user":
                parts.append(m["content"])
    prompt = inp.get("prompt")
    if prompt is not None:
        parts.append(text_field(prompt, "prompt"))
    text = " ".join(p for p in parts if p.strip())
    if not text:
        raise invalid("A chat step needs a prompt or messages.")
    text_field(text, "prompt")
    return text


def summarise(text, max_words):
    sentences = [s.strip() for s in SENTENCE.split(text) if s.strip()]
    frequency = {}
    for w in words(text):
        if w not in STOPWORDS:
            frequency[w] = frequency.get(w, 0) + 1

    def score(sentence):
        ws = [w for w in words(sentence) if w not in STOPWORDS]
        return sum(frequency.get(w, 0) for w in ws) / (len(ws) or 1)

    keep = max(1, min(2, len(sentences) // 3 or 1))
    ranked = sorted(range(len(sentences)), key=lambda i: (-score(sentences[i]), i))[:keep]
    summary = " ".join(sentences[i] for i in sorted(ranked))
    parts = summary.split()
    if max_words is not None and len(parts) > max_words:
        return " ".join(parts[:max_words]), "length"
    return summary, "stop"


def chat(inp):
    text = chat_source(inp)
    max_tokens = inp.get("maxTokens")
    if max_tokens is not None and (not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1):
        raise invalid("'maxTokens' must be a positive integer.")
    summary, finish = summarise(text, max_tokens)
    return {"text": summary, "finishReason": finish}, {"inputTokens": tokens(text), "outputTokens": tokens(summary)}


CAPABILITIES = {"classify": classify, "embed": embed, "chat": chat}


def manifest(broken, secret):
    document = {
        "protocol": PROTOCOL,
        "name": NAME,
        "version": VERSION,
        "description": "Keyword-lexicon classification, hashing-trick embeddings and extractive summaries.",
        "auth": "bearer" if secret else "none",
        "models": [{
            "model": MODEL,
            "capabilities": ["classify", "embed", "chat"],
            "contextWindow": CONTEXT_WINDOW,
            "modalities": ["text"],
            "jsonMode": False,
            "tools": False,
            "streaming": True,
            "inputCostPer1kTokens": 0,
            "outputCostPer1kTokens": 0,
        }],
        "settings": {"type": "object", "properties": {}, "additionalProperties": False},
    }
    if broken:
        del document["version"]
    return document


class Handler(BaseHTTPRequestHandler):
    server_version = "python-keywords/" + VERSION
    protocol_version = "HTTP/1.1"
    broken = False
    secret = None

    def log_message(self, fmt, *args):  # quiet: one line per request on stderr only with --verbose
        if self.server.verbose:
            super().log_message(fmt, *args)

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def send_fault(self, fault):
        error = {"class": fault.cls, "message": fault.message}
        headers = {}
        if fault.retry_after is not None:
            error["retryAfterSeconds"] = fault.retry_after
            headers["Retry-After"] = str(fault.retry_after)
        self.send_json(fault.status, {"error": error}, headers)

    def authorised(self):
        return not self.secret or self.headers.get("Authorization") == "Bearer " + self.secret

    def do_GET(self):
        path = self.path.split("?", 1)[0].rstrip("/")
        if path == "/health":
            if self.broken:
                self.send_fault(Fault(500, "unavailable", "broken on purpose"))
            else:
                self.send_json(200, {"status": "ok"})
        elif not self.authorised():
            self.send_fault(Fault(401, "auth", "A bearer secret is required."))
        elif path == "/manifest":
            self.send_json(200, manifest(self.broken, self.secret))
        else:
            self.send_fault(Fault(404, "invalid_request", f"No such path: {path}"))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        started = time.monotonic()
        try:
            if self.path.split("?", 1)[0].rstrip("/") != "/invoke":
                raise Fault(404, "invalid_request", f"No such path: {self.path}")
            if not self.authorised():
                raise Fault(401, "auth", "A bearer secret is required.")
            deadline = self.headers.get("X-Pipelines-Deadline-Ms")
            budget = None
            if deadline is not None and not self.broken:
                try:
                    budget = int(deadline) / 1000.0
                except ValueError:
                    raise invalid("X-Pipelines-Deadline-Ms must be an integer.")
                if budget <= 0:
                    raise Fault(504, "timeout", "The deadline had passed before the call arrived.")
            try:
                request = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise invalid("The body is not JSON.")
            if not isinstance(request, dict):
                raise invalid("The body must be a JSON object.")
            capability, model, inp = request.get("capability"), request.get("model"), request.get("input")
            if model is not None and model != MODEL:
                raise invalid(f"Unknown model '{model}'; this connector serves {MODEL}.")
            if capability not in CAPABILITIES:
                raise invalid(f"Unknown capability '{capability}'; this connector serves classify, embed and chat.")
            if not isinstance(inp, dict):
                raise invalid("'input' must be a JSON object.")
            if self.broken:
                self.invoke_broken(capability, inp)
                return
            output, usage = CAPABILITIES[capability](inp)
            if budget is not None and time.monotonic() - started > budget:
                raise Fault(504, "timeout", "The deadline passed while working.")
            if capability == "chat" and "text/event-stream" in (self.headers.get("Accept") or ""):
                self.stream(output, usage, started, budget)
            else:
                self.send_json(200, {"output": output, "usage": usage})
        except Fault as fault:
            if self.broken and fault.status == 400:
                # Broken on purpose: a fault of the request reported as a server error, with no error body.
                self.send_json(500, {"detail": fault.message})
            else:
                self.send_fault(fault)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (deadline or cancellation): stop working

    def invoke_broken(self, capability, inp):
        if capability == "classify":
            labels = inp.get("labels") or []
            self.send_json(200, {"output": {"label": "not-one-of-the-labels", "score": 1, "scores": {}}, "usage": None})
        elif capability == "embed":
            self.send_json(200, {"output": {"vector": "not-a-vector"}})
        else:
            time.sleep(3)  # ignores the deadline
            self.send_json(200, {"output": {"answer": "no text field"}})

    def stream(self, output, usage, started, budget):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        pieces = re.findall(r"\S+\s*", output["text"])
        for piece in pieces:
            if budget is not None and time.monotonic() - started > budget:
                self.event("error", {"error": {"class": "timeout", "message": "The deadline passed while streaming."}})
                return
            self.event("chunk", {"delta": piece})
        self.event("done", {"finishReason": output["finishReason"], "usage": usage})

    def event(self, name, data):
        self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode("utf-8"))
        self.wfile.flush()


def main():
    parser = argparse.ArgumentParser(description="python-keywords remote connector for Pipelines (protocol 1)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--secret", default=None, help="require 'Authorization: Bearer SECRET' (manifest auth: bearer)")
    parser.add_argument("--broken", action="store_true", help="violate the protocol on purpose (to see the kit fail)")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    args = parser.parse_args()
    Handler.broken, Handler.secret = args.broken, args.secret
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.verbose = args.verbose
    print(f"python-keywords {VERSION} listening on http://{args.host}:{server.server_address[1]}"
          + (" (broken on purpose)" if args.broken else ""), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
