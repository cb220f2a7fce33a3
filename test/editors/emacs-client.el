;;; emacs-client.el --- drives `sg-guard lsp --stdio' from Emacs's eglot, in batch mode  -*- lexical-binding: t -*-
;; Opens a file, waits for the diagnostics (through flymake, as a user sees them), asks for a hover
;; and the quick fixes, applies the "Replace ... with trusted ..." fix as eglot does (a workspace
;; edit), and waits for the diagnostic to go. Writes what it saw as JSON to $SG_EMACS_OUT.
;; Run by test/editors/emacs.editor.ts with Debian's emacs-nox and elpa-eglot.

(require 'eglot)
(require 'json)

(defvar sg-result nil "What the run saw (an alist, written as JSON).")

(defun sg-see (key value) (push (cons key value) sg-result))

(defun sg-wait (pred seconds)
  "Process server output until PRED holds or SECONDS pass; return PRED's last value."
  (let ((deadline (+ (float-time) seconds)) (v nil))
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun sg-diagnostics ()
  (mapcar (lambda (d)
            (save-excursion
              (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
                (goto-char beg)
                `((line . ,(1- (line-number-at-pos beg)))
                  (col . ,(- beg (line-beginning-position)))
                  (end_col . ,(- end (line-beginning-position)))
                  (message . ,(flymake-diagnostic-text d))))))
          (flymake-diagnostics)))

(define-derived-mode sg-tf-mode prog-mode "Terraform"
  "A stand-in for terraform-mode: eglot only needs a major mode to attach to.")

(defun sg-run ()
  (let* ((root (file-name-as-directory (getenv "SG_EMACS_ROOT")))
         (file (getenv "SG_EMACS_FILE"))
         (cmd (append (json-read-from-string (getenv "SG_EMACS_CMD")) nil)))
    ;; As documented in docs/editors.md (with this stand-in mode for terraform-mode).
    (add-to-list 'eglot-server-programs `(sg-tf-mode . ,cmd))
    (setq-default eglot-workspace-configuration '(:sgGuard (:trustedCidrs ["203.0.113.0/24"])))
    (find-file file)
    (sg-tf-mode)
    (let ((default-directory root))
      (eglot '(sg-tf-mode) `(transient . ,root) 'eglot-lsp-server cmd "terraform"))
    (unless (eglot-current-server) (error "eglot did not connect"))
    (unless (sg-wait #'flymake-diagnostics 20) (error "no diagnostics within 20 s"))
    (let* ((diags (sg-diagnostics))
           (d (car (flymake-diagnostics)))
           (server (eglot-current-server)))
      (sg-see 'diagnostics diags)
      (goto-char (1+ (flymake-diagnostic-beg d)))
      (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
        (sg-see 'hover (plist-get (plist-get hover :contents) :value)))
      (let* ((actions (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))
             (fix (seq-find (lambda (a) (string-prefix-p "Replace 0.0.0.0/0 with trusted" (plist-get a :title)))
                            actions)))
        (sg-see 'actions (mapcar (lambda (a) (plist-get a :title)) actions))
        (unless fix (error "no trusted-CIDR quick fix"))
        (eglot--apply-workspace-edit (plist-get fix :edit))
        (sg-see 'fixed_line (save-excursion
                              (goto-char (flymake-diagnostic-beg d))
                              (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
        ;; eglot sends the edit when Emacs goes idle, which a batch run never does: do what its
        ;; idle timer would.
        (sg-wait (lambda () nil) 0.6)
        (eglot--signal-textDocument/didChange)
        (sg-see 'cleared (and (sg-wait (lambda () (null (flymake-diagnostics))) 20) t))
        (sg-see 'after (sg-diagnostics))))))

(condition-case err
    (sg-run)
  (error (sg-see 'error (error-message-string err))))
(with-temp-file (getenv "SG_EMACS_OUT")
  (insert (json-encode sg-result)))
(kill-emacs 0)
