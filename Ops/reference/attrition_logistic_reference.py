import numpy as np
X = np.array([[1.0, 7.0],[2.0, 3.0],[3.0, 8.0],[4.0, 1.0],[5.0, 6.0],[6.0, 2.0],[7.0, 9.0],[8.0, 4.0]])
y = np.array([1,1,0,1,0,1,0,0], dtype=float)
mu = X.mean(0); sd = X.std(0)  # population
Z = (X-mu)/sd
A = np.hstack([np.ones((len(Z),1)), Z])
lam = 1.0
P = np.eye(A.shape[1])*lam; P[0,0]=0
th = np.zeros(A.shape[1])
for _ in range(50):
    p = 1/(1+np.exp(-A@th))
    g = A.T@(p-y) + P@th
    H = A.T@(A*(p*(1-p))[:,None]) + P
    th = th - np.linalg.solve(H,g)
p = 1/(1+np.exp(-A@th))
print("mu", repr(mu), "sd", repr(sd))
print("theta", [repr(v) for v in th])
print("grad", A.T@(p-y)+P@th)
print("probs", [repr(v) for v in p])
obj = np.sum(np.log1p(np.exp(A@th)) - y*(A@th)) + 0.5*lam*np.sum(th[1:]**2)
print("obj", repr(obj))
# second case: single feature perfectly separable, ridge keeps it finite
x = np.array([-2.,-1.,1.,2.]); yy=np.array([0,0,1,1.])
A2 = np.vstack([np.ones(4), x]).T
th=np.zeros(2); P2=np.diag([0,1.0])
for _ in range(100):
    p=1/(1+np.exp(-A2@th)); g=A2.T@(p-yy)+P2@th; H=A2.T@(A2*(p*(1-p))[:,None])+P2; th=th-np.linalg.solve(H,g)
print("sep", [repr(v) for v in th])
# AUC check via brute force pairs
s=np.array([0.1,0.4,0.4,0.8,0.35,0.9]); l=np.array([0,0,1,1,0,1])
pos=s[l==1]; neg=s[l==0]
print("auc", sum((a>b)+0.5*(a==b) for a in pos for b in neg)/(len(pos)*len(neg)))
